#!/usr/bin/env node
/**
 * `npm start [-- <folder>...]`: builds and launches the desktop app.
 *   1. checks that the Electron binary is installed; where it is missing or cannot run, says why
 *      in one line and starts the same app in the browser instead (start-in-browser.mjs);
 *   2. builds better-sqlite3 for Electron into .cache/ (skipped when up to date);
 *   3. electron-vite build (main, preload, renderer → out/);
 *   4. starts Electron on the project (package.json "main" is out/main/index.js),
 *      passing the folders to open.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { explainRebuildFailure, rebuildNativeForElectron } from './rebuild-native-for-electron.mjs';
import { startInBrowser } from './start-in-browser.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronVersion = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;

/**
 * The binary's path, read the way `require('electron')` does but without its
 * side effect (that call starts a download when the binary is missing).
 */
function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !relative) return null;
  const file = override
    ? path.join(override, relative ?? 'electron')
    : path.join(electronDir, 'dist', relative ?? '');
  return existsSync(file) ? file : null;
}

/** An Electron that exits with an error sooner than this after launch could not run at all. */
const QUICK_EXIT_MS = 5_000;

function nodeAtLeast(major, minor) {
  const [maj = 0, min = 0] = process.versions.node.split('.').map(Number);
  return maj > major || (maj === major && min >= minor);
}

/** One line: why the desktop app cannot start here (the browser app starts instead). */
function missingElectronReason(detail) {
  return `the Electron ${electronVersion} binary is not installed (${detail})`;
}

/** Tries Electron's own downloader once; returns { binary } or { reason }. */
function ensureElectron() {
  const existing = electronBinary();
  if (existing) return { binary: existing };
  if (!nodeAtLeast(22, 12)) {
    console.log(
      `(Electron's downloader needs Node >= 22.12 and internet access; this is Node ${process.versions.node}. ` +
        'With both, `node node_modules/electron/install.js` installs it.)',
    );
    return { reason: missingElectronReason(`its downloader cannot run on Node ${process.versions.node}`) };
  }
  console.log(`Electron ${electronVersion} is not downloaded yet; downloading…`);
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  const downloaded = result.status === 0 ? electronBinary() : null;
  return downloaded ? { binary: downloaded } : { reason: missingElectronReason('the download failed') };
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

async function main() {
  // npm runs scripts from the package root; INIT_CWD is where the user typed `npm start`, so relative folders mean what they meant there.
  const userCwd = process.env.INIT_CWD ?? process.cwd();
  const folders = process.argv
    .slice(2)
    .map((arg) => (arg.startsWith('-') ? arg : path.resolve(userCwd, arg)));
  if (process.env.STREAM_LENS_BROWSER === '1') return startInBrowser(folders, 'STREAM_LENS_BROWSER=1 is set');

  const electron = ensureElectron();
  if (!electron.binary) return startInBrowser(folders, electron.reason);
  const binary = electron.binary;

  try {
    await rebuildNativeForElectron();
  } catch (error) {
    console.error(explainRebuildFailure(error, electronVersion));
    return startInBrowser(folders, 'better-sqlite3 could not be built for Electron');
  }

  const electronVite = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const buildStatus = run(process.execPath, [electronVite, 'build']);
  if (buildStatus !== 0) {
    console.error('Stream Lens: `electron-vite build` failed (see above); not starting the app.');
    return buildStatus;
  }

  const env = { ...process.env };
  // Either would turn the launch into something else: plain Node, or a renderer loaded from a dev server.
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.ELECTRON_RENDERER_URL;

  const startedAt = Date.now();
  const child = spawn(binary, ['.', ...folders], { stdio: 'inherit', cwd: ROOT, env });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  return new Promise((resolve) => {
    child.on('error', (error) => {
      resolve(startInBrowser(folders, `Electron could not start (${error.message})`));
    });
    child.on('exit', (code, signal) => {
      // Dying at once (missing system libraries, no display) means Electron cannot run here.
      if (code !== 0 && code !== null && Date.now() - startedAt < QUICK_EXIT_MS) {
        resolve(startInBrowser(folders, `Electron exited at start (code ${code})`));
      } else resolve(code ?? (signal ? 1 : 0));
    });
  });
}

process.exitCode = await main();
