import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLaunchFolder, foldersFromArgv } from './launch-folders';

describe('foldersFromArgv', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-argv-'));
  mkdirSync(path.join(cwd, 'logs'));
  mkdirSync(path.join(cwd, 'more'));
  writeFileSync(path.join(cwd, 'main.js'), '');

  it('keeps existing folders, resolved against the working directory, once each', () => {
    expect(foldersFromArgv(['logs', path.join(cwd, 'more'), './logs'], cwd, [])).toEqual([
      path.join(cwd, 'logs'),
      path.join(cwd, 'more'),
    ]);
  });

  it('skips switches, the app path, files and missing paths', () => {
    const argv = [
      '--inspect=0',
      '--remote-debugging-port=0',
      '-psn_0_123',
      '.',
      'main.js',
      'missing',
      'logs',
    ];
    expect(foldersFromArgv(argv, cwd, [cwd])).toEqual([path.join(cwd, 'logs')]);
  });
});

describe('firstLaunchFolder', () => {
  it('prefers ~/.burr, then the bundled samples, else nothing', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-home-'));
    const samples = path.join(home, 'samples');
    expect(firstLaunchFolder(home, samples)).toBeNull();
    mkdirSync(samples);
    expect(firstLaunchFolder(home, samples)).toBe(samples);
    mkdirSync(path.join(home, '.burr'));
    expect(firstLaunchFolder(home, samples)).toBe(path.join(home, '.burr'));
  });
});
