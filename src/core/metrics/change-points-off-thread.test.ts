import { describe, expect, it } from 'vitest';
import {
  ChangePointWorker,
  changePointsWorkerScript,
  roundRobin,
  runEDivisive,
} from './change-points-off-thread';
import { mulberry32, normalVariate } from './random';

describe('roundRobin', () => {
  it('carries on from one call to the next, so two-job calls use every thread', () => {
    const first = roundRobin(2, 4, 0);
    expect(first).toEqual({ share: [[0], [1], [], []], next: 2 });
    const second = roundRobin(2, 4, first.next);
    expect(second).toEqual({ share: [[], [], [0], [1]], next: 0 });
    expect(roundRobin(5, 2, 1)).toEqual({
      share: [
        [1, 3],
        [0, 2, 4],
      ],
      next: 0,
    });
  });
});

describe('ChangePointWorker', () => {
  it('gives each job its own result, in job order, across calls and threads', async () => {
    const rng = mulberry32(4);
    const jobs = Array.from({ length: 5 }, (_, k) => ({
      series: Array.from({ length: 40 }, (_, i) => normalVariate(rng) + (i >= 10 + 4 * k ? 3 : 0)),
      minSize: 5,
      alpha: 0.01,
      permutations: 199,
      seed: k + 1,
    }));
    const worker = new ChangePointWorker(undefined, 3);
    try {
      const a = await worker.run(jobs.slice(0, 2));
      const b = await worker.run(jobs.slice(2));
      expect([...a, ...b]).toEqual(jobs.map(runEDivisive));
      expect([...a, ...b].every((found) => found.length > 0)).toBe(true);
      // Two calls at once, as a dashboard request makes them (its metrics' runs start as each series is ready).
      const [c, d] = await Promise.all([worker.run(jobs.slice(0, 3)), worker.run(jobs.slice(3))]);
      expect([...(c ?? []), ...(d ?? [])]).toEqual(jobs.map(runEDivisive));
    } finally {
      worker.close();
    }
  });
});

describe('changePointsWorkerScript', () => {
  it('runs the threads from a bundle of the sources, not through the tsx wrapper (which compiles again per thread)', () => {
    const script = String(changePointsWorkerScript());
    expect(script).toMatch(/change-points-worker-[0-9a-f]+\.cjs$/);
  });
});
