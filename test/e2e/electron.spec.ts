import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type ElectronApplication, _electron as electron, expect, type Page, test } from '@playwright/test';
import type { WebPreferences } from 'electron';
import type { DesktopApi } from '../../src/preload/desktop-bridge';
import { METHOD_NAMES } from '../../src/shared/contract';

/**
 * The packaged shell, end to end: a real Electron window on the built app
 * (out/), a temporary profile, and the test fixtures opened from the command
 * line. Runs in the Playwright project 'electron'; skipped where the Electron
 * binary is not installed.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'burr-logs');
const require = createRequire(import.meta.url);

/**
 * Where `require('electron')` would point. Read from the package's path.txt
 * rather than by requiring it: that require starts a download when the binary
 * is missing, which would hang or fail noisily offline.
 */
function electronBinary(): string | null {
  const electronDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const file = override ? path.join(override, relative) : path.join(electronDir, 'dist', relative);
  return existsSync(file) ? file : null;
}

const binary = electronBinary();
test.skip(
  binary === null,
  'Electron binary not installed (npm install fetches it on a normal machine; needs Node >= 22.12 and internet) — skipping the Electron shell test',
);
test.describe.configure({ mode: 'serial' });

/** The page's globals we touch. test/ compiles without the DOM lib, so page code reaches them through globalThis. */
type PageGlobals = { api: DesktopApi; open(url: string): unknown; location: { href: string } };

let app: ElectronApplication;
let page: Page;
let userData: string;

function runNode(script: string, args: string[]): void {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${path.relative(ROOT, script)} ${args.join(' ')} failed (exit ${result.status})`);
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // Test what the source says now: better-sqlite3 for Electron (skipped when current), then a fresh out/.
  runNode(path.join(ROOT, 'scripts', 'rebuild-native-for-electron.mjs'), []);
  runNode(path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js'), [
    'build',
  ]);

  userData = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-e2e-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.ELECTRON_RENDERER_URL;
  env.STREAM_LENS_USER_DATA = userData;

  app = await electron.launch({
    executablePath: binary ?? undefined,
    // `.` = package.json "main" (out/main/index.js); the fixtures folder is opened like `npm start -- <folder>`.
    args: ['.', FIXTURES],
    cwd: ROOT,
    env,
    timeout: 60_000,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('opens one window on the app origin', async () => {
  expect(page.url()).toBe('app://stream-lens/index.html');
  expect(app.windows()).toHaveLength(1);
  expect(await page.title()).toBeTruthy();
});

test('window.api has exactly the contract methods plus on and onMenu', async () => {
  const keys = await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).api).sort());
  expect(keys).toEqual([...METHOD_NAMES, 'on', 'onMenu'].sort());
  // exposeInMainWorld only works with context isolation, and what it exposes is a frozen copy.
  expect(await page.evaluate(() => Object.isFrozen((globalThis as unknown as PageGlobals).api))).toBe(true);
});

test('app:info answers through IPC from the desktop host', async () => {
  const info = await page.evaluate(() => (globalThis as unknown as PageGlobals).api['app:info']({}));
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(info).toEqual({
    version: pkg.version,
    databasePath: path.join(userData, 'stream-lens.db'),
    host: 'electron',
  });
});

test('a malformed request is refused with a message naming the method', async () => {
  const message = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).api['runs:get']({ appRef: 'x' as unknown as number }).then(
      () => 'resolved',
      (error: Error) => error.message,
    ),
  );
  expect(message).toMatch(/^Invalid request for 'runs:get': appRef: /);
});

test('the page has no Node: process, require and module are undefined', async () => {
  const types = await page.evaluate(() => [
    typeof (globalThis as Record<string, unknown>).process,
    typeof (globalThis as Record<string, unknown>).require,
    typeof (globalThis as Record<string, unknown>).module,
    typeof (globalThis as Record<string, unknown>).ipcRenderer,
  ]);
  expect(types).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
});

test('webPreferences: context isolation, sandbox, no Node integration, web security', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as
      | { getLastWebPreferences(): WebPreferences | null }
      | undefined;
    // Undocumented (absent from electron.d.ts) but what Electron's own specs use to read effective preferences.
    return contents?.getLastWebPreferences() ?? null;
  });
  expect(prefs).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
  });
  expect(prefs?.nodeIntegrationInSubFrames ?? false).toBe(false);
  expect(prefs?.webviewTag ?? false).toBe(false);
});

test('responses carry the CSP, and the protocol does not serve files outside the renderer', async () => {
  const result = await page.evaluate(async () => {
    const shell = await fetch('app://stream-lens/index.html');
    const outside = await fetch('app://stream-lens/%2e%2e/main/index.js');
    return { csp: shell.headers.get('content-security-policy'), outside: outside.status };
  });
  expect(result.csp).toContain("script-src 'self'");
  expect(result.csp).toContain("object-src 'none'");
  expect(result.outside).toBe(404);
});

test('new windows are refused and navigation away is blocked', async () => {
  // http (not https) so a passing test never opens the user's browser.
  const opened = await page.evaluate(
    () => (globalThis as unknown as PageGlobals).open('http://127.0.0.1:9/') === null,
  );
  expect(opened).toBe(true);
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.href = 'http://127.0.0.1:9/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://stream-lens/index.html');
  expect(app.windows()).toHaveLength(1);
});

test('the folder given on the command line is imported (native module and worker work under Electron)', async () => {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const sources = await (globalThis as unknown as PageGlobals).api['sources:list']({});
          return sources.map((s) => ({ location: s.location, apps: s.apps }));
        }),
      { timeout: 60_000 },
    )
    .toEqual([{ location: FIXTURES, apps: expect.any(Number) }]);
  await expect
    .poll(
      async () =>
        (await page.evaluate(() => (globalThis as unknown as PageGlobals).api['import:status']({}))).running,
      {
        timeout: 60_000,
      },
    )
    .toBeNull();
  const projects = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).api['library:projects']({}),
  );
  expect(projects.length).toBeGreaterThan(0);
});
