import { percentileRankSorted } from '../metrics/percentile-rank';
import { KeptUntilChange } from '../runtime/kept-until-change';
import { sortedTtftOf } from '../store/rank-queries';
import { queryStreams } from '../store/stream-queries';
import type { HandlersOf } from './handler-types';
import type { ServiceContext } from './service-context';

/** Selections whose sorted TTFTs are kept: the table asks page after page of the same one. */
const MAX_KEPT = 4;

/**
 * The stream table: one sorted page of a selection, with each row's TTFT percentile rank within
 * `rankWithin` (default: the selection itself). Failed streams are not ranked: statistics leave
 * them out, so they have no place in the distribution. The sorted values of the last few
 * selections are kept until the data changes, so scrolling costs one sort, not one per page.
 */
export function streamHandlers({
  db,
  facts,
}: Pick<ServiceContext, 'db' | 'facts'>): HandlersOf<'streams:query'> {
  const kept = new KeptUntilChange<Float64Array>(facts, MAX_KEPT);
  return {
    'streams:query': async ({ filter, sort, offset, limit, rankWithin }) => {
      const page = queryStreams(db, filter, sort, offset, limit);
      const within = rankWithin ?? filter;
      const ranks = kept.get(JSON.stringify(within), () => sortedTtftOf(db, within));
      const ttftRanks = page.rows.map((r) =>
        r.failed || r.ttft_ms === null ? null : percentileRankSorted(ranks, r.ttft_ms),
      );
      return { ...page, ttftRanks };
    },
  };
}
