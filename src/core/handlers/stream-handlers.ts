import type { StreamFilter } from '../../shared/filter';
import { percentileRankSorted } from '../metrics/percentile-rank';
import { selectStreams } from '../metrics/select-streams';
import { KeptUntilChange } from '../runtime/kept-until-change';
import type { FactsSnapshot } from '../store/facts-snapshot';
import { pageOfSorted, type SortedRows, sortedTtftOfRows, sortRows } from '../store/facts-snapshot-sort';
import type { StoreDatabase } from '../store/open-store';
import { sortedTtftOf } from '../store/rank-queries';
import { queryStreams, type StreamSortKey, streamRowsByIds } from '../store/stream-queries';
import type { HandlersOf } from './handler-types';
import type { ServiceContext } from './service-context';

/** Selections whose sorted TTFTs are kept: the table asks page after page of the same one. */
const MAX_KEPT = 4;

/**
 * The stream table: one sorted page of a selection, with each row's TTFT percentile rank within
 * `rankWithin` (default: the selection itself). Failed streams are not ranked: statistics leave
 * them out, so they have no place in the distribution. The sorted values of the last few
 * selections are kept until the data changes, so scrolling costs one sort, not one per page.
 * Once the snapshot is loaded, the page is picked from it (a radix sort of the selection's column:
 * tens of ms at 1M streams, where SQL sorted every row for a deep page) and only its rows are read
 * from SQL; before that, and for text sort keys, SQL answers.
 */
export function streamHandlers({
  db,
  facts,
}: Pick<ServiceContext, 'db' | 'facts'>): HandlersOf<'streams:query'> {
  const kept = new KeptUntilChange<Float64Array>(facts, MAX_KEPT);
  // Sorted selections, for the next page of the same sort (both directions read one order).
  const sorts = new KeptUntilChange<{ of: FactsSnapshot; total: number; sorted: SortedRows | null }>(
    facts,
    MAX_KEPT,
  );
  return {
    'streams:query': async ({ filter, sort, offset, limit, rankWithin }) => {
      const snapshot = facts.ready();
      const page =
        (snapshot && pageFromSnapshot(db, snapshot, sorts, filter, sort, offset, limit)) ??
        queryStreams(db, filter, sort, offset, limit);
      const within = rankWithin ?? filter;
      const ranks = kept.get(JSON.stringify(within), () =>
        snapshot ? sortedTtftOfRows(selectStreams(snapshot, within)) : sortedTtftOf(db, within),
      );
      const ttftRanks = page.rows.map((r) =>
        r.failed || r.ttft_ms === null ? null : percentileRankSorted(ranks, r.ttft_ms),
      );
      return { ...page, ttftRanks };
    },
  };
}

function pageFromSnapshot(
  db: StoreDatabase,
  snapshot: FactsSnapshot,
  sorts: KeptUntilChange<{ of: FactsSnapshot; total: number; sorted: SortedRows | null }>,
  filter: StreamFilter,
  sort: { by: StreamSortKey; dir: 'asc' | 'desc' },
  offset: number,
  limit: number,
) {
  const make = () => {
    const selection = selectStreams(snapshot, filter);
    return { of: snapshot, total: selection.n, sorted: sortRows(selection, sort.by) };
  };
  const key = JSON.stringify([filter, sort.by]);
  let entry = sorts.get(key, make);
  // Kept from an older snapshot (refreshed since, with no change reported yet): sort again.
  if (entry.of !== snapshot) {
    sorts.clear();
    entry = sorts.get(key, make);
  }
  if (!entry.sorted) return null;
  const ids = pageOfSorted(entry.sorted, sort.dir, offset, limit);
  const rows = streamRowsByIds(db, ids);
  // A row gone since (an import the snapshot has not heard of yet): SQL answers this once.
  return rows.length === ids.length ? { total: entry.total, rows } : null;
}
