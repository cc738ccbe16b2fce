import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings, writeSettings } from './settings-file';

function tempFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'stream-lens-settings-')), 'nested', 'settings.json');
}

describe('settings file', () => {
  it('defaults when the file is missing or not JSON', () => {
    const file = tempFile();
    expect(readSettings(file)).toEqual({ recentFolders: [] });
    writeSettings(file, { recentFolders: [] });
    writeFileSync(file, '{ not json');
    expect(readSettings(file)).toEqual({ recentFolders: [] });
  });

  it('round-trips, writing atomically (no temp file left behind)', () => {
    const file = tempFile();
    const settings = {
      window: { x: 1, y: 2, width: 1000, height: 700, maximized: true },
      recentFolders: ['/a', '/b'],
    };
    writeSettings(file, settings);
    expect(readSettings(file)).toEqual(settings);
    expect(readdirSync(path.dirname(file))).toEqual(['settings.json']);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('keeps the valid parts of a partly broken file', () => {
    const file = tempFile();
    writeSettings(file, { recentFolders: [] });
    writeFileSync(file, JSON.stringify({ window: { width: 'wide' }, recentFolders: ['/logs'] }));
    expect(readSettings(file)).toEqual({ window: undefined, recentFolders: ['/logs'] });
  });
});
