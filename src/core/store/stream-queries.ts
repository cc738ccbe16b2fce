import type { STREAM_SORT_KEYS } from '../../shared/contract';
import type { StreamFilter } from '../../shared/filter';
import type { StreamRow } from '../../shared/stream-row';
import { formatBurrTime } from '../burr/timestamps';
import type { StoreDatabase } from './open-store';
import { streamFilterSql } from './stream-filter-sql';

export type StreamSortKey = (typeof STREAM_SORT_KEYS)[number];

const SORT_COLUMNS: Record<StreamSortKey, string> = {
  stream_start: 'f.start_us',
  app_id: 'a.app_id',
  action: 'f.action',
  ttft_ms: 'f.ttft_ms',
  generation_ms: 'f.generation_ms',
  consumer_ms: 'f.consumer_ms',
  gen_share: 'f.gen_share',
  stream_ms: 'f.stream_ms',
  items: 'f.items',
  items_per_s: 'f.items_per_s',
  inter_item_ms: 'f.inter_item_ms',
  legacy_ms_per_item: 'f.legacy_ms_per_item',
  project: 'p.name',
  partition_key: 'f.partition_key',
};

/** stream_facts with the names of stream_metrics, for building StreamRows. */
const ROW_SELECT = `SELECT f.stream_id, f.app_ref, p.name AS project, a.app_id, f.partition_key, f.sequence_id, f.action,
    f.step_start_us, f.step_end_us, f.start_us AS stream_start_us, f.failed,
    CASE WHEN f.hooks THEN 'hooks' ELSE 'legacy' END AS timing_source, f.items, f.ttft_ms, f.generation_ms,
    f.consumer_ms, f.gen_share, f.stream_ms, f.legacy_ms_per_item, f.inter_item_ms, f.items_per_s
  FROM stream_facts f JOIN apps a ON a.id = f.app_ref JOIN projects p ON p.id = f.project_id`;

interface StreamMetricsRow {
  stream_id: number;
  app_ref: number;
  project: string;
  app_id: string;
  partition_key: string | null;
  sequence_id: number;
  action: string | null;
  step_start_us: number | null;
  step_end_us: number | null;
  stream_start_us: number | null;
  failed: number;
  timing_source: 'hooks' | 'legacy';
  items: number | null;
  ttft_ms: number | null;
  generation_ms: number | null;
  consumer_ms: number | null;
  gen_share: number | null;
  stream_ms: number | null;
  legacy_ms_per_item: number | null;
  inter_item_ms: number | null;
  items_per_s: number | null;
}

export function toStreamRow(r: StreamMetricsRow): StreamRow {
  return {
    stream_id: r.stream_id,
    project: r.project,
    app_id: r.app_id,
    partition_key: r.partition_key,
    sequence_id: r.sequence_id,
    action: r.action,
    step_start: r.step_start_us === null ? null : formatBurrTime(r.step_start_us, false),
    step_end: r.step_end_us === null ? null : formatBurrTime(r.step_end_us, false),
    stream_start: r.stream_start_us === null ? null : formatBurrTime(r.stream_start_us, true),
    failed: r.failed === 1,
    timing_source: r.timing_source,
    items: r.items,
    ttft_ms: r.ttft_ms,
    generation_ms: r.generation_ms,
    consumer_ms: r.consumer_ms,
    gen_share: r.gen_share,
    stream_ms: r.stream_ms,
    legacy_ms_per_item: r.legacy_ms_per_item,
    inter_item_ms: r.inter_item_ms,
    items_per_s: r.items_per_s,
  };
}

/** One page of streams, sorted; nulls sort last either way. */
export function queryStreams(
  db: StoreDatabase,
  filter: StreamFilter,
  sort: { by: StreamSortKey; dir: 'asc' | 'desc' },
  offset: number,
  limit: number,
): { total: number; rows: StreamRow[] } {
  const where = streamFilterSql(filter);
  const total = (
    db.prepare(`SELECT COUNT(*) AS n FROM stream_facts f ${where.sql}`).get(where.params) as { n: number }
  ).n;
  const column = SORT_COLUMNS[sort.by];
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
  const order = `ORDER BY ${column} IS NULL, ${column} ${dir}, f.stream_id ${dir}`;
  // Sorting on a stream_facts column: pick the page from the narrow table first, then join the
  // names for those rows only (a deep page of 100k streams otherwise sorts every joined row).
  const sql = column.startsWith('f.')
    ? `${ROW_SELECT} WHERE f.stream_id IN (SELECT f.stream_id FROM stream_facts f ${where.sql} ${order} LIMIT :limit OFFSET :offset) ${order}`
    : `${ROW_SELECT} ${where.sql} ${order} LIMIT :limit OFFSET :offset`;
  const rows = db.prepare(sql).all({ ...where.params, limit, offset }) as StreamMetricsRow[];
  return { total, rows: rows.map(toStreamRow) };
}

/** The rows of these streams, in the order given (a page picked from the snapshot); missing ids are left out. */
export function streamRowsByIds(db: StoreDatabase, ids: readonly number[]): StreamRow[] {
  const rows = db
    .prepare(`${ROW_SELECT} WHERE f.stream_id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as StreamMetricsRow[];
  const byId = new Map(rows.map((r) => [r.stream_id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toStreamRow(row)] : [];
  });
}

/** Every stream of a selection, for reports and comparisons. */
export function allStreams(db: StoreDatabase, filter: StreamFilter): StreamRow[] {
  const where = streamFilterSql(filter);
  const rows = db
    .prepare(`${ROW_SELECT} ${where.sql} ORDER BY p.name, a.app_id, f.sequence_id`)
    .all(where.params) as StreamMetricsRow[];
  return rows.map(toStreamRow);
}
