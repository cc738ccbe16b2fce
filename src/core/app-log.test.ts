import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/fixtures';
import { createAppLog } from './app-log';

describe('the app log', () => {
  it('writes one line per event, continuation lines indented', () => {
    const log = createAppLog(path.join(tempDir(), 'logs', 'app.log'));
    log.write('info', 'started');
    log.write('error', 'import failed\nTraceback line');
    const lines = readFileSync(log.path, 'utf8').split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO started$/);
    expect(lines[1]).toMatch(/ ERROR import failed$/);
    expect(lines[2]).toBe('    Traceback line');
  });

  it('rotates past the size limit and keeps the given number of files', () => {
    const dir = tempDir();
    const log = createAppLog(path.join(dir, 'app.log'), { maxBytes: 1000, keep: 3 });
    for (let i = 0; i < 100; i++) log.write('info', `event ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['app.log', 'app.log.1', 'app.log.2']);
    for (const name of readdirSync(dir))
      expect(readFileSync(path.join(dir, name)).length).toBeLessThanOrEqual(1000);
    expect(readFileSync(path.join(dir, 'app.log'), 'utf8')).toMatch(/event 99 /);
    expect(readFileSync(path.join(dir, 'app.log.2'), 'utf8')).not.toMatch(/event 0 /);
  });

  it('never throws when it cannot write', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'locked'));
    chmodSync(path.join(dir, 'locked'), 0o500);
    const log = createAppLog(path.join(dir, 'locked', 'sub', 'app.log'));
    expect(() => log.write('error', 'nowhere to go')).not.toThrow();
    chmodSync(path.join(dir, 'locked'), 0o700);
    if (process.getuid?.() !== 0) expect(existsSync(log.path)).toBe(false);
  });
});
