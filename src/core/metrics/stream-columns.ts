import type { AppTable } from './app-table';

/**
 * Streams as columns (typed arrays, NaN for null): what dashboards scan.
 * Used both for the in-memory snapshot of a whole database and for one
 * filtered selection of it.
 */
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
  /** stream_ms: only SLOs read it (goodput on the dashboard). */
  streamMs: Float64Array;
  /** Index into `actions` / `partitions` (-1 = none). */
  actionIdx: Int32Array;
  partitionIdx: Int32Array;
  /** The apps by ref (every app of the database): ids for tooltips and click-through, app filters. */
  apps: AppTable;
  actions: string[];
  partitions: string[];
}

type NumericColumn = {
  [K in keyof StreamColumns]: StreamColumns[K] extends Float64Array | Uint8Array | Int32Array ? K : never;
}[keyof StreamColumns];

export const NUMERIC_COLUMNS: readonly NumericColumn[] = [
  'streamId',
  'appRef',
  'sequenceId',
  'startUs',
  'failed',
  'hooks',
  'items',
  'ttft',
  'generation',
  'consumer',
  'genShare',
  'interItem',
  'itemsPerS',
  'legacyMsPerItem',
  'streamMs',
  'actionIdx',
  'partitionIdx',
];

/** The rows of `source` at `indices`, as new columns (labels and apps shared). */
export function takeRows(source: StreamColumns, indices: Int32Array | Uint32Array): StreamColumns {
  const n = indices.length;
  const out = { ...source, n } as StreamColumns;
  for (const key of NUMERIC_COLUMNS) {
    const from = source[key];
    const to = new (from.constructor as new (len: number) => typeof from)(n);
    for (let i = 0; i < n; i++) to[i] = from[indices[i] as number] as number;
    (out as unknown as Record<string, unknown>)[key] = to;
  }
  return out;
}
