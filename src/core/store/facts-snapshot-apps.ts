import type { AppTable } from '../metrics/app-table';
import { type PackedStrings, packedColumnOf, stringColumnOf } from '../metrics/string-column';
import { type AppColumnKey, type Header, KINDS, type Kind } from './facts-snapshot-header';

/*
 * A saved snapshot's app table (metrics/app-table.ts), as facts-snapshot-file.ts decodes it.
 */

/**
 * The app table's columns: views of the file's bytes (format 3; `end`: where the last of them ends,
 * for the caller to wait for before reading them), or the header's JSON arrays (format 2); null
 * when they do not fit the file or do not agree in length.
 */
export function appColumnsOf(
  header: Header,
  bytes: Uint8Array<ArrayBufferLike>,
  dataStart: number,
  bodyLength: number,
): { columns: Omit<AppTable, 'index'>; end: number } | null {
  if (!header.appColumns) {
    const { appRefs, appAppIds, appProjectIdx, appPartitionKeys } = header;
    if (!appRefs || !appAppIds || !appProjectIdx || !appPartitionKeys) return null;
    const count = appRefs.length;
    if (appAppIds.length !== count || appProjectIdx.length !== count || appPartitionKeys.length !== count)
      return null;
    const columns = {
      refs: Float64Array.from(appRefs),
      appIds: stringColumnOf(appAppIds),
      projectIdx: Int32Array.from(appProjectIdx),
      partitionKeys: stringColumnOf(appPartitionKeys),
    };
    return { columns, end: 0 };
  }
  const count = header.appCount ?? -1;
  let end = 0;
  const view = <K extends Kind>(key: AppColumnKey, kind: K, length?: number) => {
    const at = header.appColumns?.find((c) => c.key === key);
    if (!at || at.kind !== kind || at.length === undefined || (length !== undefined && at.length !== length))
      return null;
    const Kind = KINDS[kind];
    const offset = dataStart + at.offset;
    if (offset % Kind.BYTES_PER_ELEMENT !== 0 || offset + at.length * Kind.BYTES_PER_ELEMENT > bodyLength)
      return null;
    end = Math.max(end, offset + at.length * Kind.BYTES_PER_ELEMENT);
    return new Kind(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, at.length) as InstanceType<
      (typeof KINDS)[K]
    >;
  };
  const packed = (prefix: 'id' | 'key'): PackedStrings | null => {
    const bytesOf = view(`${prefix}Bytes`, 'u8');
    const ends = view(`${prefix}Ends`, 'u32', count);
    const nulls = view(`${prefix}Nulls`, 'u8', count);
    return bytesOf && ends && nulls ? { bytes: bytesOf, ends, nulls } : null;
  };
  const refs = view('refs', 'f64', count);
  const projectIdx = view('projectIdx', 'i32', count);
  const ids = packed('id');
  const keys = packed('key');
  if (!refs || !projectIdx || !ids || !keys) return null;
  const columns = { refs, appIds: packedColumnOf(ids), projectIdx, partitionKeys: packedColumnOf(keys) };
  return { columns, end };
}

/** Whether packed strings' ends can be read: non-decreasing, the last at the end of the bytes. */
export function packedFits({ bytes, ends }: PackedStrings): boolean {
  let last = 0;
  for (let k = 0; k < ends.length; k++) {
    const end = ends[k] as number;
    if (end < last) return false;
    last = end;
  }
  return last === bytes.length;
}
