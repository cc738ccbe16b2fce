import { parentPort } from 'node:worker_threads';
import { type EDivisiveJob, runEDivisive } from './change-points-off-thread';
import { trainSplitReaches } from './change-points-reach';

trainSplitReaches();

/**
 * Worker entry: E-divisive's permutation tests for the dashboard's trend series (a few hundred
 * ms at most per request), so the service thread answers other requests meanwhile.
 */
parentPort?.on('message', ({ id, jobs }: { id: number; jobs: EDivisiveJob[] }) => {
  try {
    parentPort?.postMessage({ id, result: jobs.map(runEDivisive) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
