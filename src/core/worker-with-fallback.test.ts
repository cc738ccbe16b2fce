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
});
