import { percentileRankSorted } from '../metrics/percentile-rank';
import type { StoreDatabase } from '../store/open-store';
import { sortedTtftOf } from '../store/rank-queries';
import { queryStreams } from '../store/stream-queries';
import type { HandlersOf } from './handler-types';

/**
 * The stream table: one sorted page of a selection, with each row's TTFT percentile rank within
 * `rankWithin` (default: the selection itself). Failed streams are not ranked: statistics leave
 * them out, so they have no place in the distribution.
 */
export function streamHandlers(db: StoreDatabase): HandlersOf<'streams:query'> {
  return {
    'streams:query': async ({ filter, sort, offset, limit, rankWithin }) => {
      const page = queryStreams(db, filter, sort, offset, limit);
      const sorted = sortedTtftOf(db, rankWithin ?? filter);
      const ttftRanks = page.rows.map((r) =>
        r.failed || r.ttft_ms === null ? null : percentileRankSorted(sorted, r.ttft_ms),
      );
      return { ...page, ttftRanks };
    },
  };
}
