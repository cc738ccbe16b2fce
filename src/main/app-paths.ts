import path from 'node:path';

/**
 * Where the shell finds its pieces. Computed from the built main bundle's own
 * folder (out/main), not from app.getAppPath(), so it is the same whether the
 * app was started as `electron .`, `electron out/main/index.js`, by
 * Playwright, or packaged.
 */
export interface AppPaths {
  rendererDir: string;
  preloadFile: string;
  resourcesDir: string;
  sampleLogsDir: string;
  iconFile: string;
  /** better-sqlite3 rebuilt for this Electron (scripts/rebuild-native-for-electron.mjs); undefined when packaged. */
  nativeBinding: string | undefined;
}

/** Keep in step with scripts/rebuild-native-for-electron.mjs, which builds the file at this path. */
export function electronNativeBindingPath(projectRoot: string, electronVersion: string): string {
  return path.join(
    projectRoot,
    '.cache',
    'electron-native',
    electronVersion,
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
}

export function appPaths(options: {
  mainDir: string;
  packaged: boolean;
  resourcesPath: string;
  electronVersion: string;
}): AppPaths {
  const outDir = path.resolve(options.mainDir, '..');
  const projectRoot = path.resolve(outDir, '..');
  // Packaged: electron-builder copies these to process.resourcesPath (extraResources), outside the asar, so the import worker reads real files.
  const resourcesDir = options.packaged ? options.resourcesPath : path.join(projectRoot, 'resources');
  return {
    rendererDir: path.join(outDir, 'renderer'),
    preloadFile: path.join(outDir, 'preload', 'index.cjs'),
    resourcesDir,
    sampleLogsDir: path.join(resourcesDir, 'sample-logs'),
    iconFile: path.join(resourcesDir, 'icon.png'),
    // Packaged builds get better-sqlite3 rebuilt in place by electron-builder (npmRebuild), so the default binding is right.
    nativeBinding: options.packaged
      ? undefined
      : electronNativeBindingPath(projectRoot, options.electronVersion),
  };
}

/**
 * A worker_thread cannot load its entry script from inside app.asar reliably,
 * so electron-builder unpacks out/main (asarUnpack) and the import worker is
 * started from the unpacked copy. Outside a packaged app the path has no
 * `.asar` segment and is returned unchanged.
 */
export function unpackedPath(file: string): string {
  return file.replace(/\.asar([\\/])/, '.asar.unpacked$1');
}
