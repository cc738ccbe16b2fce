import type { StreamFilter } from '../../shared/filter';
import type { StreamRow } from '../../shared/stream-row';
import { formatBurrTime } from '../burr/timestamps';
import type { StoreDatabase } from './open-store';
import { streamFilterSql } from './stream-filter-sql';

export type StreamSortKey =
  | 'stream_start' | 'app_id' | 'action' | 'ttft_ms' | 'generation_ms' | 'consumer_ms' | 'gen_share' | 'stream_ms'
  | 'items' | 'items_per_s' | 'inter_item_ms' | 'legacy_ms_per_item' | 'project' | 'partition_key';

const SORT_COLUMNS: Record<StreamSortKey, string> = {
  stream_start: 'm.stream_start_us',
  app_id: 'm.app_id',
  action: 'm.action',
  ttft_ms: 'm.ttft_ms',
  generation_ms: 'm.generation_ms',
  consumer_ms: 'm.consumer_ms',
  gen_share: 'm.gen_share',
  stream_ms: 'm.stream_ms',
  items: 'm.items',
  items_per_s: 'm.items_per_s',
  inter_item_ms: 'm.inter_item_ms',
  legacy_ms_per_item: 'm.legacy_ms_per_item',
  project: 'm.project',
  partition_key: 'm.partition_key',
};

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

export function toStreamRow(r: StreamMetricsRow): StreamRow & { app_ref: number } {
  return {
    stream_id: r.stream_id,
    app_ref: r.app_ref,
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
): { total: number; rows: (StreamRow & { app_ref: number })[] } {
  const where = streamFilterSql(filter);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM stream_metrics m ${where.sql}`).get(where.params) as { n: number }).n;
  const column = SORT_COLUMNS[sort.by];
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
  const rows = db
    .prepare(
      `SELECT * FROM stream_metrics m ${where.sql}
       ORDER BY ${column} IS NULL, ${column} ${dir}, m.stream_id ${dir} LIMIT :limit OFFSET :offset`,
    )
    .all({ ...where.params, limit, offset }) as StreamMetricsRow[];
  return { total, rows: rows.map(toStreamRow) };
}

/** Every stream of a selection, for reports and comparisons. */
export function allStreams(db: StoreDatabase, filter: StreamFilter): (StreamRow & { app_ref: number })[] {
  const where = streamFilterSql(filter);
  const rows = db
    .prepare(`SELECT * FROM stream_metrics m ${where.sql} ORDER BY m.project, m.app_id, m.sequence_id`)
    .all(where.params) as StreamMetricsRow[];
  return rows.map(toStreamRow);
}

/** Column-wise numbers of a selection for the dashboard: one scan, typed arrays, no row objects. */
export interface StreamColumns {
  n: number;
  streamId: Float64Array;
  appRef: Float64Array;
  sequenceId: Float64Array;
  startUs: Float64Array;
  failed: Uint8Array;
  hooks: Uint8Array;
  items: Float64Array;
  ttft: Float64Array;
  generation: Float64Array;
  consumer: Float64Array;
  genShare: Float64Array;
  interItem: Float64Array;
  itemsPerS: Float64Array;
  legacyMsPerItem: Float64Array;
  /** Index into `actions` / `partitions` (-1 = none). */
  actionIdx: Int32Array;
  partitionIdx: Int32Array;
  appIds: Map<number, string>;
  actions: string[];
  partitions: string[];
}

export function streamColumns(db: StoreDatabase, filter: StreamFilter): StreamColumns {
  const where = streamFilterSql(filter);
  const rows = db
    .prepare(
      `SELECT m.stream_id, m.app_ref, m.sequence_id, m.stream_start_us, m.failed, m.timing_source = 'hooks',
        m.items, m.ttft_ms, m.generation_ms, m.consumer_ms, m.gen_share, m.inter_item_ms, m.items_per_s,
        m.legacy_ms_per_item, m.action, m.partition_key, m.app_id
       FROM stream_metrics m ${where.sql}`,
    )
    .raw()
    .all(where.params) as unknown[][];
  const n = rows.length;
  const num = (): Float64Array => new Float64Array(n);
  const c: StreamColumns = {
    n,
    streamId: num(),
    appRef: num(),
    sequenceId: num(),
    startUs: num(),
    failed: new Uint8Array(n),
    hooks: new Uint8Array(n),
    items: num(),
    ttft: num(),
    generation: num(),
    consumer: num(),
    genShare: num(),
    interItem: num(),
    itemsPerS: num(),
    legacyMsPerItem: num(),
    actionIdx: new Int32Array(n),
    partitionIdx: new Int32Array(n),
    appIds: new Map(),
    actions: [],
    partitions: [],
  };
  const actionIndex = new Map<string, number>();
  const partitionIndex = new Map<string, number>();
  const intern = (value: unknown, index: Map<string, number>, list: string[]): number => {
    if (typeof value !== 'string') return -1;
    let i = index.get(value);
    if (i === undefined) {
      i = list.length;
      list.push(value);
      index.set(value, i);
    }
    return i;
  };
  const f = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as unknown[];
    c.streamId[i] = r[0] as number;
    c.appRef[i] = r[1] as number;
    c.sequenceId[i] = r[2] as number;
    c.startUs[i] = f(r[3]);
    c.failed[i] = r[4] === 1 ? 1 : 0;
    c.hooks[i] = r[5] === 1 ? 1 : 0;
    c.items[i] = f(r[6]);
    c.ttft[i] = f(r[7]);
    c.generation[i] = f(r[8]);
    c.consumer[i] = f(r[9]);
    c.genShare[i] = f(r[10]);
    c.interItem[i] = f(r[11]);
    c.itemsPerS[i] = f(r[12]);
    c.legacyMsPerItem[i] = f(r[13]);
    c.actionIdx[i] = intern(r[14], actionIndex, c.actions);
    c.partitionIdx[i] = intern(r[15], partitionIndex, c.partitions);
    c.appIds.set(r[1] as number, r[16] as string);
  }
  return c;
}
