import { z } from 'zod';
import type { SortedColumn } from '../metrics/sorted-column';
import { SORTED_KEYS, type SortedKey } from '../metrics/sorted-orders';
import { NUMERIC_COLUMNS } from '../metrics/stream-columns';
import { packedStrings } from '../metrics/string-column';
import type { FactsSnapshot } from './facts-snapshot';

/**
 * The saved snapshot's header (store/facts-snapshot-file.ts has the file's layout): the stamp and
 * labels as JSON, and where each app column, column and sorted column lies after it.
 */

/**
 * 2: column offsets from the end of the header, apps as JSON arrays (still read); 3: apps as
 * columns too (their ids and partition keys packed: metrics/string-column.ts), a CRC-32 check.
 */
export const FORMAT = 3;
const READ_FORMATS = [2, 3] as const;

export const KINDS = { f64: Float64Array, i32: Int32Array, u32: Uint32Array, u8: Uint8Array } as const;
export type Kind = keyof typeof KINDS;
type Section = Float64Array | Int32Array | Uint32Array | Uint8Array;
const kindOf = (a: Section): Kind =>
  a instanceof Float64Array
    ? 'f64'
    : a instanceof Int32Array
      ? 'i32'
      : a instanceof Uint32Array
        ? 'u32'
        : 'u8';

/** Typed-array columns of a snapshot: the stream columns and each stream's project index. */
export const COLUMN_KEYS = [...NUMERIC_COLUMNS, 'projectIdx'] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
/**
 * Typed arrays of the app table (metrics/app-table.ts): refs and projects, one entry per app; its
 * ids and partition keys packed (bytes, each one's end, null flags).
 */
export const APP_COLUMN_KEYS = [
  'refs',
  'projectIdx',
  'idBytes',
  'idEnds',
  'idNulls',
  'keyBytes',
  'keyEnds',
  'keyNulls',
] as const;
export type AppColumnKey = (typeof APP_COLUMN_KEYS)[number];

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

const section = <K extends string>(keys: readonly K[], kinds: readonly Kind[]) =>
  z.object({
    key: z.enum(keys as [K, ...K[]]),
    kind: z.enum(kinds as [Kind, ...Kind[]]),
    /** From the end of the padded header. */
    offset: z.number().int().nonnegative(),
    /** Elements (app columns: theirs; a stream column has `n`). */
    length: z.number().int().nonnegative().optional(),
  });

export const headerSchema = z.object({
  format: z.union(READ_FORMATS.map((f) => z.literal(f)) as [z.ZodLiteral<2>, z.ZodLiteral<3>]),
  stamp: z.object({ dbId: z.string(), schema: z.number().int(), version: z.number().int() }),
  n: z.number().int().nonnegative(),
  columns: z.array(section(COLUMN_KEYS, ['f64', 'i32', 'u8'])),
  actions: strings,
  partitions: strings,
  projects: strings,
  /** Format 3: the apps as columns after the header. */
  appCount: z.number().int().nonnegative().optional(),
  appColumns: z.array(section(APP_COLUMN_KEYS, ['f64', 'i32', 'u32', 'u8'])).optional(),
  /** Format 2: the apps as JSON arrays. */
  appRefs: ints.optional(),
  appAppIds: strings.optional(),
  appProjectIdx: ints.optional(),
  appPartitionKeys: stringsOrNull.optional(),
  sourceApps: refsPerSource,
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

/**
 * The header of `s` with `sorted`, and the arrays its offsets point at, in file order (each padded
 * to 8 bytes): the app columns, the stream columns, then each sorted column's rows and values.
 */
export function encodeHeader(s: Stamped, sorted: Orders): { header: Buffer; sections: Section[] } {
  const sections: Section[] = [];
  let offset = 0;
  const place = (array: Section): number => {
    const at = offset;
    sections.push(array);
    offset = pad8(offset + array.byteLength);
    return at;
  };
  // The apps first: a start's decoder indexes them while the stream columns are still being read.
  const ids = packedStrings(s.apps.appIds);
  const keys = packedStrings(s.apps.partitionKeys);
  const appArrays: Record<AppColumnKey, Section> = {
    refs: s.apps.refs,
    projectIdx: s.apps.projectIdx,
    idBytes: ids.bytes,
    idEnds: ids.ends,
    idNulls: ids.nulls,
    keyBytes: keys.bytes,
    keyEnds: keys.ends,
    keyNulls: keys.nulls,
  };
  const appColumns = APP_COLUMN_KEYS.map((key) => {
    const column = appArrays[key];
    return { key, kind: kindOf(column), offset: place(column), length: column.length };
  });
  const columns = COLUMN_KEYS.map((key) => {
    const column = s[key];
    return { key, kind: kindOf(column), offset: place(column) };
  });
  const orders = [...sorted].map(([key, { rows, values }]) => ({
    key,
    rows: place(rows),
    values: place(values),
    length: rows.length,
  }));
  const header: Header = {
    format: FORMAT,
    stamp: s.stamp,
    n: s.n,
    columns,
    actions: s.actions,
    partitions: s.partitions,
    projects: s.projects,
    appCount: s.apps.refs.length,
    appColumns,
    sourceApps: [...s.sourceApps].map(([source, refs]) => [source, [...refs]]),
    sortedNonFailed: orders,
  };
  // Column offsets count from the end of the padded header: one stringify.
  return { header: Buffer.from(JSON.stringify(header)), sections };
}
