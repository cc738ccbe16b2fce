import type { StreamColumns } from '../metrics/stream-columns';
import type { StoreDatabase } from './open-store';

/**
 * Every stream of the database as columns in memory, plus what filters need
 * to know about apps. Loading column by column (`pluck`) is several times
 * faster than materializing row objects, and once loaded, any filter over
 * 100k streams is a scan of typed arrays instead of a query.
 */
export interface FactsSnapshot extends StreamColumns {
  projectIdx: Int32Array;
  projects: string[];
  /** Per app ref: its project index and partition key, for app-level filters. */
  apps: Map<number, { appId: string; projectIdx: number; partitionKey: string | null }>;
  /** app refs per source id. */
  sourceApps: Map<number, Set<number>>;
}

const COLUMN_SQL: Record<string, string> = {
  streamId: 'stream_id',
  appRef: 'app_ref',
  sequenceId: 'sequence_id',
  startUs: 'start_us',
  failed: 'failed',
  hooks: 'hooks',
  items: 'items',
  ttft: 'ttft_ms',
  generation: 'generation_ms',
  consumer: 'consumer_ms',
  genShare: 'gen_share',
  interItem: 'inter_item_ms',
  itemsPerS: 'items_per_s',
  legacyMsPerItem: 'legacy_ms_per_item',
};

export function loadFactsSnapshot(db: StoreDatabase): FactsSnapshot {
  return db.transaction(() => {
    // One read transaction: every column sees the same rows in the same order.
    const order = 'ORDER BY stream_id';
    const n = (db.prepare('SELECT COUNT(*) FROM stream_facts').pluck().get() as number) ?? 0;
    const numeric = (column: string): Float64Array => {
      const out = new Float64Array(n);
      let i = 0;
      for (const v of db.prepare(`SELECT ${column} FROM stream_facts ${order}`).pluck().iterate() as Iterable<
        number | null
      >) {
        out[i++] = v === null ? Number.NaN : v;
      }
      return out;
    };
    const labelled = (column: string): { idx: Int32Array; labels: string[] } => {
      const labels = db
        .prepare(`SELECT DISTINCT ${column} FROM stream_facts WHERE ${column} IS NOT NULL ORDER BY 1`)
        .pluck()
        .all() as string[];
      const index = new Map(labels.map((l, i) => [l, i]));
      const idx = new Int32Array(n);
      let i = 0;
      for (const v of db.prepare(`SELECT ${column} FROM stream_facts ${order}`).pluck().iterate() as Iterable<
        string | null
      >) {
        idx[i++] = v === null ? -1 : (index.get(v) ?? -1);
      }
      return { idx, labels };
    };
    const cols: Record<string, Float64Array> = {};
    for (const [key, column] of Object.entries(COLUMN_SQL)) cols[key] = numeric(column);
    const action = labelled('action');
    const partition = labelled('partition_key');

    const projects = db.prepare('SELECT id, name FROM projects ORDER BY id').raw().all() as [
      number,
      string,
    ][];
    const projectIndex = new Map(projects.map(([id], i) => [id, i]));
    const apps = new Map<number, { appId: string; projectIdx: number; partitionKey: string | null }>();
    for (const [id, appId, projectId, partitionKey] of db
      .prepare('SELECT id, app_id, project_id, partition_key FROM apps')
      .raw()
      .all() as [number, string, number, string | null][]) {
      apps.set(id, { appId, projectIdx: projectIndex.get(projectId) ?? -1, partitionKey });
    }
    const sourceApps = new Map<number, Set<number>>();
    for (const [sourceId, appRef] of db
      .prepare(
        'SELECT DISTINCT source_id, app_ref FROM files WHERE source_id IS NOT NULL AND app_ref IS NOT NULL',
      )
      .raw()
      .all() as [number, number][]) {
      let set = sourceApps.get(sourceId);
      if (!set) {
        set = new Set();
        sourceApps.set(sourceId, set);
      }
      set.add(appRef);
    }
    const appRef = cols.appRef as Float64Array;
    const projectIdx = new Int32Array(n);
    const appIds = new Map<number, string>();
    for (let i = 0; i < n; i++) {
      const app = apps.get(appRef[i] as number);
      projectIdx[i] = app?.projectIdx ?? -1;
      if (app) appIds.set(appRef[i] as number, app.appId);
    }
    const u8 = (a: Float64Array): Uint8Array => Uint8Array.from(a, (v) => (v === 1 ? 1 : 0));
    return {
      n,
      streamId: cols.streamId as Float64Array,
      appRef,
      sequenceId: cols.sequenceId as Float64Array,
      startUs: cols.startUs as Float64Array,
      failed: u8(cols.failed as Float64Array),
      hooks: u8(cols.hooks as Float64Array),
      items: cols.items as Float64Array,
      ttft: cols.ttft as Float64Array,
      generation: cols.generation as Float64Array,
      consumer: cols.consumer as Float64Array,
      genShare: cols.genShare as Float64Array,
      interItem: cols.interItem as Float64Array,
      itemsPerS: cols.itemsPerS as Float64Array,
      legacyMsPerItem: cols.legacyMsPerItem as Float64Array,
      actionIdx: action.idx,
      partitionIdx: partition.idx,
      actions: action.labels,
      partitions: partition.labels,
      appIds,
      projectIdx,
      projects: projects.map(([, name]) => name),
      apps,
      sourceApps,
    };
  })();
}
