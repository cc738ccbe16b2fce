#!/usr/bin/env node
/**
 * `npm start [-- <folder>...]`: builds and launches the desktop app.
 *   1. checks that the Electron binary is installed (fails fast with what to do);
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

function nodeAtLeast(major, minor) {
  const [maj = 0, min = 0] = process.versions.node.split('.').map(Number);
  return maj > major || (maj === major && min >= minor);
}

function missingElectronMessage(detail) {
  return [
    `Stream Lens: the Electron ${electronVersion} binary is not installed${detail ? ` (${detail})` : ''}.`,
    '',
    '`npm install` downloads it on a normal machine. Its downloader needs Node >= 22.12',
    `(this is Node ${process.versions.node}) and internet access to github.com.`,
    'To install it: use Node >= 22.12, then run `node node_modules/electron/install.js`',
    '(or `rm -rf node_modules/electron && npm install`).',
    '',
    'No Electron? The same app runs in your browser:',
    '  npx stream-lens serve <folder>',
  ].join('\n');
}

/** Tries Electron's own downloader once; returns the binary or null. */
function ensureElectron() {
  const existing = electronBinary();
  if (existing) return existing;
  if (!nodeAtLeast(22, 12)) {
    console.error(
      missingElectronMessage(`Electron's downloader cannot run on Node ${process.versions.node}`),
    );
    return null;
  }
  console.log(`Electron ${electronVersion} is not downloaded yet; downloading…`);
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  const downloaded = result.status === 0 ? electronBinary() : null;
  if (!downloaded) console.error(missingElectronMessage('the download failed'));
  return downloaded;
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

async function main() {
  const binary = ensureElectron();
  if (!binary) return 1;

  try {
    await rebuildNativeForElectron();
  } catch (error) {
    console.error(explainRebuildFailure(error, electronVersion));
    return 1;
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

  // npm runs scripts from the package root; INIT_CWD is where the user typed `npm start`, so relative folders mean what they meant there.
  const userCwd = process.env.INIT_CWD ?? process.cwd();
  const folders = process.argv
    .slice(2)
    .map((arg) => (arg.startsWith('-') ? arg : path.resolve(userCwd, arg)));
  const env = { ...process.env };
  // Either would turn the launch into something else: plain Node, or a renderer loaded from a dev server.
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.ELECTRON_RENDERER_URL;

  const child = spawn(binary, ['.', ...folders], { stdio: 'inherit', cwd: ROOT, env });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`Stream Lens: could not start Electron (${binary}): ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

process.exitCode = await main();
