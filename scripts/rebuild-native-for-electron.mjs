#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron's ABI into its own folder,
 *   .cache/electron-native/<electron-version>/node_modules/better-sqlite3,
 * so node_modules keeps the Node build that the tests and the CLI load. The
 * Electron main process passes `nativeBinding: <that>/build/Release/better_sqlite3.node`
 * to openStore (see src/main/app-paths.ts, which must agree on the path).
 *
 * Usage: node scripts/rebuild-native-for-electron.mjs [--force]
 * Skips the work when a build for the same Electron, better-sqlite3, platform
 * and arch is already there.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The Electron version the app runs on: the installed package's, not whatever binary happens to be on PATH. */
export function electronVersion() {
  return readJson(require.resolve('electron/package.json')).version;
}

export function electronNativeDir(version = electronVersion()) {
  return path.join(ROOT, '.cache', 'electron-native', version);
}

export function electronNativeBinding(version = electronVersion()) {
  return path.join(
    electronNativeDir(version),
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
}

function sameStamp(file, stamp) {
  try {
    const old = readJson(file);
    return Object.keys(stamp).every((key) => old[key] === stamp[key]);
  } catch {
    return false;
  }
}

/**
 * Returns the path of the Electron-ABI better_sqlite3.node, building it first
 * when needed. Throws with an explanation when it cannot be built.
 */
export async function rebuildNativeForElectron({ force = false, log = console.log } = {}) {
  const version = electronVersion();
  const cacheDir = electronNativeDir(version);
  const binding = electronNativeBinding(version);
  const sourceDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = readJson(path.join(sourceDir, 'package.json')).version;
  const stampFile = path.join(cacheDir, 'build-stamp.json');
  const stamp = {
    electron: version,
    betterSqlite3: sqliteVersion,
    platform: process.platform,
    arch: process.arch,
  };

  if (!force && existsSync(binding) && sameStamp(stampFile, stamp)) {
    log(
      `better-sqlite3 ${sqliteVersion} for Electron ${version}: up to date (${path.relative(ROOT, binding)})`,
    );
    return binding;
  }

  log(
    `Building better-sqlite3 ${sqliteVersion} for Electron ${version} (${process.platform}-${process.arch})…`,
  );
  const targetDir = path.join(cacheDir, 'node_modules', 'better-sqlite3');
  rmSync(targetDir, { recursive: true, force: true });
  rmSync(stampFile, { force: true });
  mkdirSync(path.dirname(targetDir), { recursive: true });
  // The Node build in build/ must not come along: a stale .node for the wrong ABI would look like success.
  const skip = [path.join(sourceDir, 'build'), path.join(sourceDir, 'node_modules')];
  cpSync(sourceDir, targetDir, {
    recursive: true,
    filter: (file) => !skip.some((dir) => file === dir || file.startsWith(`${dir}${path.sep}`)),
  });
  // @electron/rebuild walks the dependencies of the package.json at buildPath.
  writeFileSync(
    path.join(cacheDir, 'package.json'),
    `${JSON.stringify({ name: 'stream-lens-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2)}\n`,
  );

  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: cacheDir,
    // Bounds the module search to the cache: without it the walker climbs to the repo and rebuilds the Node copy in node_modules.
    projectRootPath: cacheDir,
    electronVersion: version,
    onlyModules: ['better-sqlite3'],
    force: true,
    mode: 'sequential',
  });

  if (!existsSync(binding)) {
    throw new Error(`the rebuild finished but ${path.relative(ROOT, binding)} is missing`);
  }
  writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  log(`Built ${path.relative(ROOT, binding)}`);
  return binding;
}

export function explainRebuildFailure(error, version = electronVersion()) {
  const reason = error instanceof Error ? error.message : String(error);
  return [
    `Could not build better-sqlite3 for Electron ${version}: ${reason}`,
    '',
    'This step either downloads a prebuilt binary (from GitHub) or compiles it, which needs',
    'a C/C++ toolchain (Python 3, make, g++ / Xcode / Visual Studio Build Tools) and the',
    'Electron headers (downloaded from electronjs.org). Check your network and toolchain, then run:',
    '  node scripts/rebuild-native-for-electron.mjs --force',
    '',
    'The CLI does not need this: npx stream-lens serve <folder> runs the app in your browser.',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await rebuildNativeForElectron({ force: process.argv.includes('--force') });
  } catch (error) {
    console.error(explainRebuildFailure(error));
    process.exit(1);
  }
}
