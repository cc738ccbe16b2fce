import type { StreamFilter } from '../../shared/filter';
import type { StoreDatabase } from './open-store';
import { streamFilterSql } from './stream-filter-sql';

/**
 * The TTFT values of a selection, ascending, failed streams excluded (as in every statistic): what
 * a stream's percentile rank is taken against. Plucked and sorted as a typed array, which is
 * several times faster than ORDER BY over 100k rows.
 */
export function sortedTtftOf(db: StoreDatabase, filter: StreamFilter): Float64Array {
  const where = streamFilterSql(filter);
  const cond = `${where.sql ? `${where.sql} AND` : 'WHERE'} f.failed = 0 AND f.ttft_ms IS NOT NULL`;
  const values = db
    .prepare(`SELECT f.ttft_ms FROM stream_facts f ${cond}`)
    .pluck()
    .all(where.params) as number[];
  return Float64Array.from(values).sort();
}
