import { closeSync, readSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { openRegularFile } from '../burr/open-regular-file';
import { appTableOf } from '../metrics/app-table';
import type { SortedColumn } from '../metrics/sorted-column';
import { type SortedKey, seedSortedOrders } from '../metrics/sorted-orders';
import type { FactsSnapshot } from './facts-snapshot';
import { appColumnsOf, packedFits } from './facts-snapshot-apps';
import { CHECK_BYTES, checkKindOf, checkOf, runningCheck } from './facts-snapshot-check';
import {
  type ColumnKey,
  encodeHeader,
  type Header,
  headerSchema,
  KINDS,
  type Kind,
  type Orders,
  pad8,
} from './facts-snapshot-header';
import type { FactsStamp } from './facts-version';
import { NEW_FILE_FLAGS, sweepStaleTemps, tempFileFor } from './temp-files';

/**
 * The dashboard snapshot saved next to the database (`<db>.facts`), so a start reads its columns
 * straight into typed arrays instead of scanning stream_facts value by value (11-13 s at 1M
 * streams). A sidecar rather than a table: at ~134 bytes a stream it would double the database,
 * whose size is a target of its own.
 *
 * Layout: 8 bytes magic, u32 header length, u32 zero, the header (JSON, padded to 8 bytes), the
 * app table's arrays (format 3: facts-snapshot-apps.ts), each column's bytes (padded to 8, so typed
 * arrays view them in place; offsets in the header count from the end of the padded header), each
 * sorted column the dashboards read (sorted-orders.ts: its
 * rows, u32, then its values, f64, of the streams that did not fail; a start then sorts nothing),
 * then the check of all that (facts-snapshot-check.ts: a CRC-32; SHA-256 in format 2 files).
 * facts-snapshot-read.ts reads it without holding the thread.
 * The sorted values are saved rather than gathered back from the columns by row at load: 8 MB more
 * to read and check per column at 1M streams costs less than a million random reads. A file without
 * sorted columns (written before they were saved, or when they held failed streams too) is still
 * read: they are sorted at the first dashboard, as before.
 * A file that is truncated, altered or of another format fails the checks and is ignored; whether
 * it matches the database (stamp) is the caller's check.
 */

const MAGIC = Buffer.from('SLFACTS\u0001', 'latin1');

/** The sidecar of a database file; null for an in-memory database. */
export function snapshotFilePath(databasePath: string): string | null {
  return databasePath === ':memory:' || databasePath === '' ? null : `${databasePath}.facts`;
}

/**
 * Writes the snapshot to `file` atomically (a temporary file renamed over it), asynchronously and in
 * slices, so the service keeps answering while a million streams are written. `orders`: sorted
 * columns of this very snapshot to save with it (any of the dashboards' keys). Resolves false when
 * there is nothing to save (no stamp).
 */
export async function writeSnapshotFile(
  file: string,
  s: FactsSnapshot,
  orders: Orders = new Map(),
): Promise<boolean> {
  const stamp = s.stamp;
  if (!stamp) return false;
  const stamped = { ...s, stamp };
  const { header, sections } = encodeHeader(stamped, orders);
  const prefix = Buffer.alloc(pad8(16 + header.length));
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(header.length, 8);
  header.copy(prefix, 16);
  // This process's own temporary file (temp-files.ts), created afresh; one a crashed save left is swept.
  sweepStaleTemps(file);
  const tmp = tempFileFor(file);
  const check = runningCheck('crc32');
  const handle = await open(tmp, NEW_FILE_FLAGS, 0o644);
  try {
    let position = 0;
    const put = async (bytes: Uint8Array): Promise<void> => {
      // Slices of 4 MiB: checking one takes a ms or so, the write itself runs off this thread.
      for (let at = 0; at < bytes.length; at += 1 << 22) {
        const slice = bytes.subarray(at, Math.min(bytes.length, at + (1 << 22)));
        check.update(slice);
        await handle.write(slice, 0, slice.length, position);
        position += slice.length;
      }
    };
    await put(prefix);
    for (const array of sections) {
      await put(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      const gap = pad8(array.byteLength) - array.byteLength;
      if (gap > 0) await put(new Uint8Array(gap));
    }
    await handle.write(check.digest(), 0, CHECK_BYTES, position);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return true;
}

/**
 * The snapshot saved in `file`, its columns viewing one buffer read whole; null when the file is
 * missing, truncated, altered (its check) or of another format. Whether it matches the database is
 * the caller's check (its `stamp`).
 */
export function readSnapshotFile(file: string): FactsSnapshot | null {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    // A regular file only, opened without blocking: a named pipe in its place would hold the start.
    const { fd, stat } = openRegularFile(file);
    try {
      const size = stat.size;
      if (size < 16 + CHECK_BYTES) return null;
      bytes = new Uint8Array(new ArrayBuffer(size));
      let at = 0;
      while (at < size) {
        const read = readSync(fd, bytes, at, Math.min(size - at, 1 << 26), at);
        if (read === 0) return null;
        at += read;
      }
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  return decodeSnapshot(bytes);
}

/** How much of the header the stamp is looked for in: it comes second, after the format. */
const STAMP_PEEK_BYTES = 1024;

/**
 * The facts stamp a saved snapshot's header names, from the header's first bytes only (the whole
 * header is a few MB at 1M streams); null when the file is missing, is not a snapshot, or the stamp
 * is not where this code writes it. Not checked against the file's check: it only says whether
 * reading the whole file is worth it, and that read checks everything.
 */
export function readSnapshotStamp(file: string): FactsStamp | null {
  try {
    const { fd, stat } = openRegularFile(file);
    try {
      const prefix = Buffer.alloc(16 + STAMP_PEEK_BYTES);
      const read = readSync(fd, prefix, 0, prefix.length, 0);
      if (stat.size < 16 + CHECK_BYTES || read < 16 || !prefix.subarray(0, 8).equals(MAGIC)) return null;
      const length = prefix.readUInt32LE(8);
      if (16 + length + CHECK_BYTES > stat.size) return null;
      const start = prefix.toString('utf8', 16, Math.min(read, 16 + length));
      // The stamp holds no object of its own: its value ends at the first closing brace.
      const match = /^\{"format":\d+,"stamp":(\{[^{}]*\})/.exec(start);
      if (!match) return null;
      const parsed = headerSchema.shape.stamp.safeParse(JSON.parse(match[1] as string));
      return parsed.success ? parsed.data : null;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** The snapshot in `bytes` (a whole file), or null when it fails any check. */
export function decodeSnapshot(bytes: Uint8Array<ArrayBufferLike>, checked = false): FactsSnapshot | null {
  const steps = decodeSteps(bytes, checked);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * decodeSnapshot as steps: it yields where a caller may let other work run (after the header's
 * parse, before the apps are indexed, before each sorted column's check), each step a few tens of
 * ms at 1M streams. A number yielded is how much of the file
 * the next step reads (bytes [0, n)): a caller still reading it waits for them (all of `bytes` is
 * the file's length; only what a step reads must be in).
 */
export function* decodeSteps(
  bytes: Uint8Array<ArrayBufferLike>,
  checked: boolean,
): Generator<number | undefined, FactsSnapshot | null, void> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 16 + CHECK_BYTES) return null;
  yield 16;
  if (!buf.subarray(0, 8).equals(MAGIC)) return null;
  const body = buf.subarray(0, buf.length - CHECK_BYTES);
  if (!checked) {
    const kind = checkKindOf(buf);
    if (!kind || !Buffer.from(checkOf(kind, body)).equals(buf.subarray(buf.length - CHECK_BYTES)))
      return null;
  }
  const headerLength = buf.readUInt32LE(8);
  if (16 + headerLength > body.length) return null;
  yield 16 + headerLength;
  let header: Header;
  try {
    const parsed = headerSchema.safeParse(JSON.parse(buf.toString('utf8', 16, 16 + headerLength)));
    if (!parsed.success) return null;
    header = parsed.data;
  } catch {
    return null;
  }
  yield;
  const { n } = header;
  const columns = new Map<ColumnKey, Float64Array | Int32Array | Uint32Array | Uint8Array>();
  const dataStart = pad8(16 + headerLength);
  for (const { key, kind, offset: relative } of header.columns) {
    const offset = dataStart + relative;
    const Kind = KINDS[kind];
    if (offset % Kind.BYTES_PER_ELEMENT !== 0 || offset + n * Kind.BYTES_PER_ELEMENT > body.length)
      return null;
    // A shared buffer when read by readSnapshotFileAsync: views of it work the same.
    columns.set(key, new Kind(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, n));
  }
  const expected = (key: ColumnKey, Kind: (typeof KINDS)[Kind]) => {
    const column = columns.get(key);
    if (!(column instanceof Kind)) throw new Error(`column ${key}`);
    return column;
  };
  // Each format its own layout of the apps: columns in format 3, JSON arrays in format 2.
  if ((header.format === 3) !== (header.appColumns !== undefined)) return null;
  const appColumns = appColumnsOf(header, bytes, dataStart, body.length);
  if (!appColumns) return null;
  // Views of the file (format 3): their bytes must be in before they are read.
  if (appColumns.end > 0) yield appColumns.end;
  const { columns: appsIn } = appColumns;
  for (const strings of [appsIn.appIds, appsIn.partitionKeys])
    if (strings.packed && !packedFits(strings.packed)) return null;
  const apps = appTableOf(appsIn);
  let snapshot: FactsSnapshot;
  try {
    const f64 = (key: ColumnKey) => expected(key, Float64Array) as Float64Array;
    const i32 = (key: ColumnKey) => expected(key, Int32Array) as Int32Array;
    const u8 = (key: ColumnKey) => expected(key, Uint8Array) as Uint8Array;
    snapshot = {
      n,
      streamId: f64('streamId'),
      appRef: f64('appRef'),
      sequenceId: f64('sequenceId'),
      startUs: f64('startUs'),
      failed: u8('failed'),
      hooks: u8('hooks'),
      items: f64('items'),
      ttft: f64('ttft'),
      generation: f64('generation'),
      consumer: f64('consumer'),
      genShare: f64('genShare'),
      interItem: f64('interItem'),
      itemsPerS: f64('itemsPerS'),
      legacyMsPerItem: f64('legacyMsPerItem'),
      streamMs: f64('streamMs'),
      actionIdx: i32('actionIdx'),
      partitionIdx: i32('partitionIdx'),
      projectIdx: i32('projectIdx'),
      actions: header.actions,
      partitions: header.partitions,
      projects: header.projects,
      apps,
      sourceApps: new Map(header.sourceApps.map(([source, refs]) => [source, new Set(refs)])),
      stamp: header.stamp,
    };
  } catch {
    return null; // a column missing or of the wrong kind
  }
  const orders: [SortedKey, SortedColumn][] = [];
  for (const order of header.sortedNonFailed ?? []) {
    const rowsAt = dataStart + order.rows;
    const valuesAt = dataStart + order.values;
    const { length } = order;
    if (rowsAt % 4 !== 0 || valuesAt % 8 !== 0) return null;
    if (rowsAt + length * 4 > body.length || valuesAt + length * 8 > body.length) return null;
    const sorted = {
      rows: new Uint32Array(bytes.buffer, bytes.byteOffset + rowsAt, length),
      values: new Float64Array(bytes.buffer, bytes.byteOffset + valuesAt, length),
    };
    // Everything fitsColumn reads: the sorted rows and values, the column, the failed flags.
    const endOf = (a: Float64Array | Uint8Array) => a.byteOffset - bytes.byteOffset + a.byteLength;
    const column = snapshot[order.key];
    yield Math.max(rowsAt + length * 4, valuesAt + length * 8, endOf(column), endOf(snapshot.failed));
    if (!fitsColumn(sorted, column, snapshot.failed)) return null;
    orders.push([order.key, sorted]);
  }
  seedSortedOrders(snapshot, orders);
  return snapshot;
}

/** Ranks a saved sorted column is checked at, evenly spaced (and its last). */
const SPOT_CHECKS = 4096;

/**
 * Whether a saved sorted column can be the sorted order of `column`: as many rows and values as the
 * column has finite values of streams that did not fail (one sequential pass), and at SPOT_CHECKS
 * evenly spaced ranks (and the last) a row within the column, of a stream that did not fail,
 * holding that very value, finite, ascending from the last rank checked (-0 before +0, as
 * sortColumn orders them). Damage is the file check's to find (facts-snapshot-check.ts); these
 * catch a writer that saved too few rows, the wrong column or another order. Checking the order of
 * every value too took ~50 ms more of a start at 1M streams; the writer is held to exactly sorted
 * columns by facts-snapshot-saved.test.ts.
 */
function fitsColumn({ rows, values }: SortedColumn, column: Float64Array, failed: Uint8Array): boolean {
  const n = column.length;
  const m = rows.length;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const v = column[i] as number;
    if (v - v === 0 && failed[i] === 0) kept++; // `v - v === 0`: finite (NaN otherwise)
  }
  if (values.length !== m || m !== kept) return false;
  const step = Math.max(1, Math.floor(m / SPOT_CHECKS));
  let last = Number.NEGATIVE_INFINITY;
  const fits = (k: number): boolean => {
    const row = rows[k] as number;
    const v = values[k] as number;
    if (row >= n || failed[row] !== 0 || !Object.is(column[row], v)) return false;
    if (!(v - v === 0) || v < last || (v === 0 && last === 0 && 1 / v < 1 / last)) return false;
    last = v;
    return true;
  };
  for (let k = 0; k < m; k += step) if (!fits(k)) return false;
  return m === 0 || fits(m - 1);
}
