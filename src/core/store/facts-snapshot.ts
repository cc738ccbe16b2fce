import { appIndex, appTableOf, refTableFits } from '../metrics/app-table';
import { NUMERIC_COLUMNS, type StreamColumns } from '../metrics/stream-columns';
import { stringColumnOf } from '../metrics/string-column';
import { appsChangedSince, type FactsStamp, readFactsStamp } from './facts-version';
import type { StoreDatabase } from './open-store';

/**
 * Every stream of the database as columns in memory, plus what filters need
 * to know about apps. Loading column by column (`pluck`) is several times
 * faster than materializing row objects, and once loaded, any filter over
 * 100k streams is a scan of typed arrays instead of a query.
 * Read from the saved file (facts-snapshot-read.ts), its columns are views of one SharedArrayBuffer:
 * never transfer or detach their buffers; only read them (nothing writes a snapshot's columns; its
 * app table's strings are decoded, or packed, once and kept: string-column.ts's caches).
 */
export interface FactsSnapshot extends StreamColumns {
  projectIdx: Int32Array;
  projects: string[];
  /** app refs per source id. */
  sourceApps: Map<number, Set<number>>;
  /** The database's facts stamp these rows were read at (exact at that version); null: none. */
  stamp: FactsStamp | null;
}

/** UTF-8 byte order: SQLite's BINARY collation, the order a full load reads labels in. */
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

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
  streamMs: 'stream_ms',
};

/** Every stream, or (with `appRefs`) only the streams of those apps. */
export function loadFactsSnapshot(db: StoreDatabase, appRefs?: readonly number[]): FactsSnapshot {
  return db.transaction(() => {
    // One read transaction: every column sees the same rows in the same order.
    const where = appRefs ? 'WHERE app_ref IN (SELECT value FROM json_each(:apps))' : '';
    const params = appRefs ? { apps: JSON.stringify(appRefs) } : {};
    const order = `${where} ORDER BY stream_id`;
    const stamp = readFactsStamp(db);
    const n = (db.prepare(`SELECT COUNT(*) FROM stream_facts ${where}`).pluck().get(params) as number) ?? 0;
    const numeric = (column: string): Float64Array => {
      const out = new Float64Array(n);
      let i = 0;
      for (const v of db
        .prepare(`SELECT ${column} FROM stream_facts ${order}`)
        .pluck()
        .iterate(params) as Iterable<number | null>) {
        out[i++] = v === null ? Number.NaN : v;
      }
      return out;
    };
    const labelled = (column: string): { idx: Int32Array; labels: string[] } => {
      const labels = db
        .prepare(
          `SELECT DISTINCT ${column} FROM stream_facts ${where ? `${where} AND` : 'WHERE'} ${column} IS NOT NULL ORDER BY 1`,
        )
        .pluck()
        .all(params) as string[];
      const index = new Map(labels.map((l, i) => [l, i]));
      const idx = new Int32Array(n);
      let i = 0;
      for (const v of db
        .prepare(`SELECT ${column} FROM stream_facts ${order}`)
        .pluck()
        .iterate(params) as Iterable<string | null>) {
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
    // Column by column: at 138k apps, 110-125 ms where reading row arrays took 210-400 ms, and a live
    // refresh of one app reads them all again.
    const appColumn = <T>(column: string): T[] =>
      db.prepare(`SELECT ${column} FROM apps ORDER BY id`).pluck().all() as T[];
    const apps = appTableOf({
      refs: Float64Array.from(appColumn<number>('id')),
      appIds: stringColumnOf(appColumn<string>('app_id')),
      projectIdx: Int32Array.from(appColumn<number>('project_id'), (id) => projectIndex.get(id) ?? -1),
      partitionKeys: stringColumnOf(appColumn<string | null>('partition_key')),
    });
    const sourceApps = new Map<number, Set<number>>();
    for (const [sourceId, appRef] of db
      .prepare(
        'SELECT DISTINCT source_id, app_ref FROM all_files WHERE source_id IS NOT NULL AND app_ref IS NOT NULL',
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
    for (let i = 0; i < n; i++) {
      const k = appIndex(apps, appRef[i] as number);
      projectIdx[i] = k < 0 ? -1 : (apps.projectIdx[k] as number);
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
      streamMs: cols.streamMs as Float64Array,
      actionIdx: action.idx,
      partitionIdx: partition.idx,
      actions: action.labels,
      partitions: partition.labels,
      projectIdx,
      projects: projects.map(([, name]) => name),
      apps,
      sourceApps,
      stamp,
    };
  })();
}

/**
 * The snapshot after an import that changed only `appRefs`: their streams are
 * re-read, everything else is kept. A live import of one app in a database of
 * 100k streams then costs a few milliseconds, not a full reload.
 */
export function refreshFactsSnapshot(
  db: StoreDatabase,
  old: FactsSnapshot,
  appRefs: readonly number[],
): FactsSnapshot {
  // One read transaction: the apps whose facts changed since `old` was read (by the database's own
  // record, not only the imports reported so far) and their rows, so the result is exact at its stamp.
  const { changed, fresh } = db.transaction(() => {
    const changed = new Set(appRefs);
    if (old.stamp) for (const app of appsChangedSince(db, old.stamp.version)) changed.add(app);
    return { changed, fresh: loadFactsSnapshot(db, [...changed]) };
  })();
  const keep = rowsNotOf(old.appRef, changed);
  const n = keep.length + fresh.n;
  // Rows in stream_id order, labels in byte order, only those in use: what a full load reads, so a
  // refreshed snapshot (and the file saved from it) answers exactly as a full load, bit for bit.
  // Both inputs are in stream_id order: one merge. A row's source: old row i, or fresh row -1 - i.
  const from = new Int32Array(n);
  for (let j = 0, a = 0, b = 0; j < n; j++) {
    const takeOld =
      b >= fresh.n ||
      (a < keep.length && (old.streamId[keep[a] as number] as number) < (fresh.streamId[b] as number));
    from[j] = takeOld ? (keep[a++] as number) : -1 - b++;
  }
  const relabel = (oldLabels: string[], oldIdx: Int32Array, freshLabels: string[]) => {
    const used = new Uint8Array(oldLabels.length);
    for (const i of keep) {
      const v = oldIdx[i] as number;
      if (v >= 0) used[v] = 1;
    }
    const labels = [...new Set([...oldLabels.filter((_, i) => used[i] === 1), ...freshLabels])].sort(byBytes);
    const index = new Map(labels.map((l, i) => [l, i]));
    return {
      labels,
      oldRemap: oldLabels.map((l) => index.get(l) ?? -1),
      freshRemap: freshLabels.map((l) => index.get(l) ?? -1),
    };
  };
  const actions = relabel(old.actions, old.actionIdx, fresh.actions);
  const partitions = relabel(old.partitions, old.partitionIdx, fresh.partitions);
  const out = { ...fresh, n } as FactsSnapshot;
  for (const key of NUMERIC_COLUMNS) {
    const olds = old[key];
    const adds = fresh[key];
    const to = new (olds.constructor as new (len: number) => typeof olds)(n);
    const labels = key === 'actionIdx' ? actions : key === 'partitionIdx' ? partitions : null;
    if (labels) {
      for (let j = 0; j < n; j++) {
        const src = from[j] as number;
        const v = (src >= 0 ? olds[src] : adds[-1 - src]) as number;
        to[j] = v < 0 ? v : ((src >= 0 ? labels.oldRemap[v] : labels.freshRemap[v]) as number);
      }
    } else copyRuns(from, olds, adds, to);
    (out as unknown as Record<string, unknown>)[key] = to;
  }
  out.actions = actions.labels;
  out.partitions = partitions.labels;
  // Apps, projects and sources come from the fresh load (small tables, read whole): index rows by them again.
  out.projectIdx = new Int32Array(n);
  // An app's streams mostly sit together: its lookups are made once per run of its rows.
  let lastRef = Number.NaN;
  let projectOfRef = -1;
  for (let i = 0; i < n; i++) {
    const ref = out.appRef[i] as number;
    if (ref !== lastRef) {
      lastRef = ref;
      const k = appIndex(fresh.apps, ref);
      projectOfRef = k < 0 ? -1 : (fresh.apps.projectIdx[k] as number);
    }
    out.projectIdx[i] = projectOfRef;
  }
  return out;
}

/**
 * The rows whose app is not one of `apps`, ascending: a flag per app ref rather than a set lookup
 * per row, unless the refs (SQLite row ids, small in practice) are too large for such a table.
 */
function rowsNotOf(appRef: Float64Array, apps: ReadonlySet<number>): Int32Array {
  const refs = [...apps].filter((ref) => Number.isInteger(ref) && ref >= 0);
  const maxRef = refs.reduce((max, ref) => Math.max(max, ref), -1);
  const table = refTableFits(maxRef, appRef.length);
  const flagged = new Uint8Array(table ? maxRef + 1 : 0);
  if (table) for (const ref of refs) flagged[ref] = 1;
  const isChanged = table
    ? (ref: number) => ref >= 0 && ref <= maxRef && flagged[ref] === 1
    : (ref: number) => apps.has(ref);
  let count = 0;
  for (let i = 0; i < appRef.length; i++) if (!isChanged(appRef[i] as number)) count++;
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < appRef.length; i++) if (!isChanged(appRef[i] as number)) rows[k++] = i;
  return rows;
}

/**
 * `to[j]` = old row `from[j]` (from >= 0) or fresh row `-1 - from[j]`: runs of consecutive rows of
 * one side (nearly all of a live refresh) copied whole rather than value by value.
 */
function copyRuns<T extends Float64Array | Int32Array | Uint8Array>(
  from: Int32Array,
  olds: T,
  adds: T,
  to: T,
): void {
  const n = from.length;
  for (let j = 0; j < n; ) {
    const src = from[j] as number;
    let end = j + 1;
    while (end < n && (from[end] as number) === src + (end - j) * (src >= 0 ? 1 : -1)) end++;
    const length = end - j;
    if (src >= 0) to.set(olds.subarray(src, src + length), j);
    else to.set(adds.subarray(-1 - src, -1 - src + length), j);
    j = end;
  }
}

/** Streams and failed streams per project name: the library's counts, one pass over two columns. */
export function streamCountsByProject(s: FactsSnapshot): Map<string, { streams: number; failed: number }> {
  const streams = new Float64Array(s.projects.length);
  const failed = new Float64Array(s.projects.length);
  for (let i = 0; i < s.n; i++) {
    const p = s.projectIdx[i] as number;
    if (p < 0) continue;
    streams[p] = (streams[p] as number) + 1;
    failed[p] = (failed[p] as number) + (s.failed[i] as number);
  }
  return new Map(
    s.projects.map((name, p) => [name, { streams: streams[p] as number, failed: failed[p] as number }]),
  );
}
