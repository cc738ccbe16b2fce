import type { StreamFilter } from '../../shared/filter';
import type { StreamRow } from '../../shared/stream-row';
import type { StreamClock } from '../metrics/timing-flags';
import type { StoreDatabase } from './open-store';
import { streamFilterSql } from './stream-filter-sql';

export interface TimingFlagInput {
  /** Stream rows without their step and stream times (the flags never read them: null here). */
  rows: StreamRow[];
  clocks: Map<number, StreamClock>;
  /** app ref of each stream id, to open a flagged app's run. */
  appRefs: Map<number, number>;
}

/**
 * What metrics/timing-flags needs, in one pass over stream_facts joined to the raw stream clocks.
 * allStreams + streamClocks would do, but formatting three times per stream and reading the clocks
 * in chunks made the Problems view take seconds on 100k streams.
 */
export function timingFlagInput(db: StoreDatabase, filter: StreamFilter): TimingFlagInput {
  const where = streamFilterSql(filter);
  const raw = db
    .prepare(
      `SELECT f.stream_id, f.app_ref, p.name, a.app_id, f.partition_key, f.sequence_id, f.action, f.failed, f.hooks,
         f.items, f.ttft_ms, f.generation_ms, f.consumer_ms, f.gen_share, f.stream_ms, f.legacy_ms_per_item,
         f.inter_item_ms, f.items_per_s, s.first_item_us, s.init_us
       FROM stream_facts f JOIN streams s ON s.id = f.stream_id JOIN apps a ON a.id = f.app_ref
       JOIN projects p ON p.id = f.project_id ${where.sql}`,
    )
    .raw()
    .all(where.params) as [
    number,
    number,
    string,
    string,
    string | null,
    number,
    string | null,
    number,
    number,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
  ][];
  const rows: StreamRow[] = [];
  const clocks = new Map<number, StreamClock>();
  const appRefs = new Map<number, number>();
  for (const r of raw) {
    const [id, appRef, project, appId, partitionKey, seq, action, failed, hooks] = r;
    rows.push({
      stream_id: id,
      project,
      app_id: appId,
      partition_key: partitionKey,
      sequence_id: seq,
      action,
      step_start: null,
      step_end: null,
      stream_start: null,
      failed: failed === 1,
      timing_source: hooks === 1 ? 'hooks' : 'legacy',
      items: r[9],
      ttft_ms: r[10],
      generation_ms: r[11],
      consumer_ms: r[12],
      gen_share: r[13],
      stream_ms: r[14],
      legacy_ms_per_item: r[15],
      inter_item_ms: r[16],
      items_per_s: r[17],
    });
    const [firstItemUs, initUs] = [r[18], r[19]];
    clocks.set(id, {
      has_first_item_line: firstItemUs !== null,
      first_item_offset_ms: firstItemUs === null || initUs === null ? null : (firstItemUs - initUs) / 1000,
    });
    appRefs.set(id, appRef);
  }
  return { rows, clocks, appRefs };
}
