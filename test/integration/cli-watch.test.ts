import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL, tempDir } from '../helpers/fixtures';

const CLI = path.resolve(import.meta.dirname, '../../bin/stream-lens.mjs');

describe('stream-lens import --watch', () => {
  it('imports, then reports lines appended while it watches, and stops on SIGINT', async () => {
    const root = path.join(tempDir(), 'burr');
    cpSync(path.join(LOCAL, 'async-agent'), path.join(root, 'async-agent'), { recursive: true });
    const child = spawn(
      process.execPath,
      [CLI, 'import', root, '--db', path.join(tempDir(), 'w.db'), '--watch'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const waitFor = async (test: () => boolean, ms: number): Promise<void> => {
      const t0 = Date.now();
      while (!test()) {
        if (Date.now() - t0 > ms) throw new Error(`timed out; stdout: ${out}\nstderr: ${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor(() => err.includes('Watching 1 folder'), 20_000);
    expect(out).toMatch(/Imported 12 of 12 files/);
    const log = path.join(root, 'async-agent', 'agent-00', 'log.jsonl');
    const firstLines = readFileSync(log, 'utf8').split('\n').slice(0, 3).join('\n');
    appendFileSync(log, `${firstLines.replaceAll('"sequence_id":0', '"sequence_id":90')}\n`);
    await waitFor(() => /\+3 lines from 1 file/.test(out), 5_000);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  });
});
