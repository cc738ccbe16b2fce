import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerWithFallback } from './worker-with-fallback';

const dir = mkdtempSync(path.join(tmpdir(), 'worker-with-fallback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A worker script whose answer to `{ id, job }` is `body` (job and id in scope). */
function script(name: string, body: string): string {
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';\nparentPort.on('message', ({ id, job }) => { ${body} });\n`,
  );
  return file;
}

const here = (job: number) => job * 10;

describe('WorkerWithFallback', () => {
  it('runs jobs on its thread', async () => {
    const w = new WorkerWithFallback(
      () => script('double', 'parentPort.postMessage({ id, result: job * 2 });'),
      here,
    );
    try {
      expect(await Promise.all([w.run(1), w.run(2), w.run(3)])).toEqual([2, 4, 6]);
      expect(w.onThread).toBe(true);
    } finally {
      w.close();
    }
  });

  it('runs a job here when the thread answers with an error, and keeps the thread', async () => {
    const w = new WorkerWithFallback(
      () => script('refuse', "parentPort.postMessage({ id, error: 'no' });"),
      here,
    );
    try {
      expect(await w.run(4)).toBe(40);
      expect(w.onThread).toBe(true);
    } finally {
      w.close();
    }
  });

  it('runs what was pending, and every later job, here once the thread is gone', async () => {
    const w = new WorkerWithFallback(() => script('quit', 'process.exit(1);'), here);
    expect(await Promise.all([w.run(1), w.run(2)])).toEqual([10, 20]);
    expect(w.onThread).toBe(false);
    expect(await w.run(3)).toBe(30);
    w.close();
  });

  it('runs everything here without a script', async () => {
    const w = new WorkerWithFallback<number, number>(() => null, here);
    expect(await w.run(5)).toBe(50);
    expect(w.onThread).toBe(false);
  });

  it('falls back to this thread when no thread can start from the script', async () => {
    // A relative path is refused by new Worker itself.
    const w = new WorkerWithFallback(() => 'not/a/worker.js', here);
    w.startEarly();
    expect(w.onThread).toBe(false);
    expect(await w.run(6)).toBe(60);
  });

  it('rejects a job that fails here too, after its thread refused it', async () => {
    const failing = (job: number): number => {
      throw new Error(`job ${job} cannot be done`);
    };
    const refused = new WorkerWithFallback(
      () => script('refuse2', "parentPort.postMessage({ id, error: 'no' });"),
      failing,
    );
    try {
      await expect(refused.run(1)).rejects.toThrow('job 1 cannot be done');
    } finally {
      refused.close();
    }
    const noThread = new WorkerWithFallback<number, number>(() => null, failing);
    await expect(noThread.run(2)).rejects.toThrow('job 2 cannot be done');
  });

  it('keeps a process alive while a job is in flight, and never while its thread is idle', () => {
    const file = path.join(dir, 'idle-parent.mjs');
    const child = script('idle', 'parentPort.postMessage({ id, result: job });');
    const moduleUrl = new URL('./worker-with-fallback.ts', import.meta.url).href;
    writeFileSync(
      file,
      `const { WorkerWithFallback } = await import(${JSON.stringify(moduleUrl)});\n` +
        `const w = new WorkerWithFallback(() => ${JSON.stringify(child)}, (j) => j);\n` +
        `w.startEarly();\nconsole.log(await w.run(7));\n`,
    );
    // The process waits for the answer (else it would end with the await unsettled, printing
    // nothing), then ends by itself (a timeout here means the idle thread held it).
    const out = execFileSync(process.execPath, ['--import', 'tsx', file], {
      timeout: 20_000,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('7');
  });
});
