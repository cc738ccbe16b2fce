import { z } from 'zod';
import type { SortedColumn } from '../metrics/sorted-column';
import { SORTED_KEYS, type SortedKey } from '../metrics/sorted-orders';
import { NUMERIC_COLUMNS } from '../metrics/stream-columns';
import type { FactsSnapshot } from './facts-snapshot';

/**
 * The saved snapshot's header (store/facts-snapshot-file.ts has the file's layout): the stamp, the
 * labels and app maps as JSON, and where each column and sorted column lies after it.
 */

export const FORMAT = 2; // 2: column offsets from the end of the header

export const KINDS = { f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
export type Kind = keyof typeof KINDS;
const kindOf = (a: Float64Array | Int32Array | Uint8Array): Kind =>
  a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : 'u8';

/** Typed-array columns of a snapshot: the stream columns and each stream's project index. */
export const COLUMN_KEYS = [...NUMERIC_COLUMNS, 'projectIdx'] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

// The per-app arrays hold 100k+ entries at 1M streams: checked by plain loops (zod's per-element
// checks took most of the decode, ~100 ms); the small fields by zod as usual.
const ints = z.custom<number[]>((v) => Array.isArray(v) && v.every((x) => Number.isInteger(x)));
const strings = z.custom<string[]>((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
const stringsOrNull = z.custom<(string | null)[]>(
  (v) => Array.isArray(v) && v.every((x) => x === null || typeof x === 'string'),
);
const refsPerSource = z.custom<[number, number[]][]>(
  (v) =>
    Array.isArray(v) &&
    v.every(
      (x) =>
        Array.isArray(x) &&
        x.length === 2 &&
        Number.isInteger(x[0]) &&
        Array.isArray(x[1]) &&
        x[1].every((r: unknown) => Number.isInteger(r)),
    ),
);

export const headerSchema = z.object({
  format: z.literal(FORMAT),
  stamp: z.object({ dbId: z.string(), schema: z.number().int(), version: z.number().int() }),
  n: z.number().int().nonnegative(),
  columns: z.array(
    z.object({
      key: z.enum(COLUMN_KEYS),
      kind: z.enum(['f64', 'i32', 'u8']),
      /** From the end of the padded header. */
      offset: z.number().int().nonnegative(),
    }),
  ),
  actions: strings,
  partitions: strings,
  projects: strings,
  /** Apps as parallel arrays (ref, app id, project index, partition key): compact to parse. */
  appRefs: ints,
  appAppIds: strings,
  appProjectIdx: ints,
  appPartitionKeys: stringsOrNull,
  sourceApps: refsPerSource,
  /** app ref → app id of the apps that have streams (the snapshot's `appIds`). */
  streamAppRefs: ints,
  /**
   * Sorted columns of the streams that did not fail: `length` rows (u32) from `rows`, as many
   * values (f64) from `values`. Files written before held every stream's under `orders`: that
   * field is not read (such a file's columns are sorted again at the first dashboard).
   */
  sortedNonFailed: z
    .array(
      z.object({
        key: z.enum(SORTED_KEYS as readonly SortedKey[] as [SortedKey, ...SortedKey[]]),
        rows: z.number().int().nonnegative(),
        values: z.number().int().nonnegative(),
        length: z.number().int().nonnegative(),
      }),
    )
    .optional(),
});
export type Header = z.infer<typeof headerSchema>;

export const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

export type Stamped = FactsSnapshot & { stamp: NonNullable<FactsSnapshot['stamp']> };
export type Orders = ReadonlyMap<SortedKey, SortedColumn>;

function headerOf(s: Stamped, sorted: Orders): Header {
  const columns: Header['columns'] = [];
  let offset = 0;
  for (const key of COLUMN_KEYS) {
    const column = s[key];
    columns.push({ key, kind: kindOf(column), offset });
    offset = pad8(offset + column.byteLength);
  }
  const orders: NonNullable<Header['sortedNonFailed']> = [];
  for (const [key, { rows, values }] of sorted) {
    const valuesAt = pad8(offset + rows.byteLength);
    orders.push({ key, rows: offset, values: valuesAt, length: rows.length });
    offset = pad8(valuesAt + values.byteLength);
  }
  const apps = [...s.apps];
  return {
    format: FORMAT,
    stamp: s.stamp,
    n: s.n,
    columns,
    actions: s.actions,
    partitions: s.partitions,
    projects: s.projects,
    appRefs: apps.map(([ref]) => ref),
    appAppIds: apps.map(([, a]) => a.appId),
    appProjectIdx: apps.map(([, a]) => a.projectIdx),
    appPartitionKeys: apps.map(([, a]) => a.partitionKey),
    sourceApps: [...s.sourceApps].map(([source, refs]) => [source, [...refs]]),
    streamAppRefs: [...s.appIds.keys()],
    sortedNonFailed: orders,
  };
}

/** The header JSON (column offsets count from the end of the padded header: one stringify). */
export function encodeHeader(s: Stamped, orders: Orders): Buffer {
  return Buffer.from(JSON.stringify(headerOf(s, orders)));
}
