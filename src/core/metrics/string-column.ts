/**
 * A column of strings (or nulls) held either as strings or packed: one UTF-8 buffer, each string's
 * end in it, a null flag per entry. A saved snapshot holds its apps' ids packed, so a start views
 * them in the file's bytes instead of parsing 138k strings out of JSON (~150 ms of a start at 1M
 * streams, most of it garbage collection); one is decoded when asked for (a tooltip's app id), all
 * of them once when a filter scans them. A column read from SQL starts as strings and is packed
 * once, when saved. Plain data: it crosses threads as is.
 */
export interface PackedStrings {
  bytes: Uint8Array;
  /** Where each string ends in `bytes` (it starts where the one before ends). */
  ends: Uint32Array;
  /** 1: the entry is null (its string is empty). */
  nulls: Uint8Array;
}

export interface StringColumn {
  /** The strings, when read as such or once decoded. */
  strings: (string | null)[] | null;
  /** The packed form, when read as such or once packed. */
  packed: PackedStrings | null;
}

export const stringColumnOf = (strings: (string | null)[]): StringColumn => ({ strings, packed: null });
export const packedColumnOf = (packed: PackedStrings): StringColumn => ({ strings: null, packed });

/** Entry k (null past the end). */
export function stringAt(column: StringColumn, k: number): string | null {
  if (column.strings) return column.strings[k] ?? null;
  const packed = column.packed;
  if (!packed || k < 0 || k >= packed.ends.length || packed.nulls[k] === 1) return null;
  const start = k === 0 ? 0 : (packed.ends[k - 1] as number);
  return utf8(packed.bytes, start, packed.ends[k] as number);
}

/** Every entry, decoded once and kept. */
export function allStrings(column: StringColumn): (string | null)[] {
  if (column.strings) return column.strings;
  const { bytes, ends, nulls } = column.packed ?? {
    bytes: new Uint8Array(0),
    ends: new Uint32Array(0),
    nulls: new Uint8Array(0),
  };
  const strings: (string | null)[] = new Array(ends.length);
  // ASCII (app ids nearly always are): one decode of the whole, each string a slice of it.
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) ascii = false;
  const whole = ascii ? utf8(bytes, 0, bytes.length) : '';
  for (let k = 0, start = 0; k < ends.length; k++) {
    const end = ends[k] as number;
    strings[k] = nulls[k] === 1 ? null : ascii ? whole.slice(start, end) : utf8(bytes, start, end);
    start = end;
  }
  column.strings = strings;
  return strings;
}

/** The packed form, packed once and kept. */
export function packedStrings(column: StringColumn): PackedStrings {
  if (column.packed) return column.packed;
  const strings = column.strings ?? [];
  const ends = new Uint32Array(strings.length);
  const nulls = new Uint8Array(strings.length);
  let total = 0;
  strings.forEach((s, k) => {
    if (s === null) nulls[k] = 1;
    else total += Buffer.byteLength(s, 'utf8');
    ends[k] = total;
  });
  const bytes = Buffer.alloc(total);
  strings.forEach((s, k) => {
    if (s !== null) bytes.write(s, k === 0 ? 0 : (ends[k - 1] as number), 'utf8');
  });
  column.packed = { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), ends, nulls };
  return column.packed;
}

function utf8(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
}
