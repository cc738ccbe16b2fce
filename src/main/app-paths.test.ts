import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths, electronNativeBindingPath, unpackedPath } from './app-paths';

describe('appPaths', () => {
  it('from source: everything relative to out/main, with the Electron build of better-sqlite3', () => {
    const root = path.resolve('/repo');
    const paths = appPaths({
      mainDir: path.join(root, 'out', 'main'),
      packaged: false,
      resourcesPath: '/ignored',
      electronVersion: '45.4.1',
    });
    expect(paths).toEqual({
      rendererDir: path.join(root, 'out', 'renderer'),
      preloadFile: path.join(root, 'out', 'preload', 'index.cjs'),
      resourcesDir: path.join(root, 'resources'),
      sampleLogsDir: path.join(root, 'resources', 'sample-logs'),
      iconFile: path.join(root, 'resources', 'icon.png'),
      nativeBinding: electronNativeBindingPath(root, '45.4.1'),
    });
    expect(paths.nativeBinding).toBe(
      path.join(
        root,
        '.cache',
        'electron-native',
        '45.4.1',
        'node_modules',
        'better-sqlite3',
        'build',
        'Release',
        'better_sqlite3.node',
      ),
    );
  });

  it('packaged: resources outside the asar, default native binding', () => {
    const app = path.resolve('/opt/Stream Lens/resources');
    const paths = appPaths({
      mainDir: path.join(app, 'app.asar', 'out', 'main'),
      packaged: true,
      resourcesPath: app,
      electronVersion: '45.4.1',
    });
    expect(paths.sampleLogsDir).toBe(path.join(app, 'sample-logs'));
    expect(paths.nativeBinding).toBeUndefined();
  });
});

describe('unpackedPath', () => {
  it('points into app.asar.unpacked only inside an asar', () => {
    expect(unpackedPath('/opt/app/resources/app.asar/out/main/chunks/w.js')).toBe(
      '/opt/app/resources/app.asar.unpacked/out/main/chunks/w.js',
    );
    expect(unpackedPath('C:\\app\\resources\\app.asar\\out\\main\\w.js')).toBe(
      'C:\\app\\resources\\app.asar.unpacked\\out\\main\\w.js',
    );
    expect(unpackedPath('/repo/out/main/chunks/w.js')).toBe('/repo/out/main/chunks/w.js');
  });
});
