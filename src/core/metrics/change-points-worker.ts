import { runJobsFromParent } from '../worker-with-fallback';
import { type EDivisiveJob, runEDivisive } from './change-points-off-thread';
import { trainSplitReaches } from './change-points-reach';

trainSplitReaches();

/**
 * Worker entry: E-divisive's permutation tests for the dashboard's trend series (a few hundred
 * ms at most per request), so the service thread answers other requests meanwhile.
 */
runJobsFromParent((jobs: EDivisiveJob[]) => jobs.map(runEDivisive));
