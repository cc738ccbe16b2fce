import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/fixtures';
import { NEW_FILE_FLAGS, sweepStaleTemps, tempFileFor } from './temp-files';

describe("sidecars' temporary files", () => {
  it('are named per process and per save', () => {
    const file = path.join(tempDir(), 'lens.db.facts');
    const a = tempFileFor(file);
    const b = tempFileFor(file);
    expect(a).not.toBe(b);
    expect(a.startsWith(`${file}.${process.pid}-`)).toBe(true);
  });

  it('are created afresh: never through a link or a pipe that is at the path', () => {
    const dir = tempDir();
    const target = path.join(dir, 'precious');
    writeFileSync(target, 'keep me');
    const link = path.join(dir, 'lens.db.facts.1-1.tmp');
    symlinkSync(target, link);
    expect(() => openSync(link, NEW_FILE_FLAGS)).toThrow(/EEXIST/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    if (process.platform === 'win32') return;
    const pipe = path.join(dir, 'lens.db.facts.2-1.tmp');
    execFileSync('mkfifo', [pipe]);
    expect(() => openSync(pipe, NEW_FILE_FLAGS)).toThrow(/EEXIST/); // at once, not waiting for a reader
  });

  it('are swept when their process no longer runs, and left alone while it does', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lens.db.facts');
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid as number;
    const stale = `${file}.${gone}-3.tmp`;
    const running = `${file}.${process.ppid}-1.tmp`;
    const other = path.join(dir, 'lens.db.views.1-1.tmp'); // another sidecar's
    for (const f of [stale, running, other]) writeFileSync(f, 'x');
    sweepStaleTemps(file);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
