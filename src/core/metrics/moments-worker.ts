import { runJobsFromParent } from '../worker-with-fallback';
import { type MomentsInput, momentsOf } from './dashboard-moments';

/**
 * Worker entry: the dashboard's passes in row order (means, deviations, minima, maxima), run while
 * the service thread walks the sorted columns. Every array it is handed is shared memory.
 */
runJobsFromParent((input: MomentsInput) => momentsOf(input));
