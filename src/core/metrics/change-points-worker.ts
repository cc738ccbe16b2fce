import { parentPort } from 'node:worker_threads';
import { type EDivisiveJob, runEDivisive, runWarmUp } from './change-points-off-thread';

type Request = { id: number; jobs: EDivisiveJob[] } | { id: number; warmUp: number };

/**
 * Worker entry: E-divisive's permutation tests for the dashboard's trend series (a few hundred
 * ms at most per request), so the service thread answers other requests meanwhile; and the
 * made-up runs that compile them first (ChangePointWorker.warmUp).
 */
parentPort?.on('message', (request: Request) => {
  const { id } = request;
  if ('warmUp' in request)
    return runWarmUp(request.warmUp, () => parentPort?.postMessage({ id, result: [] }));
  try {
    parentPort?.postMessage({ id, result: request.jobs.map(runEDivisive) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
