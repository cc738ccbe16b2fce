/**
 * An append-only list of paths, stored front-coded in one byte buffer: each path as the number of
 * leading characters it shares with the path before it, then the rest in UTF-8. A walk lists a
 * folder's files one after another, so most of a path is shared with the one before (an app's
 * three files differ only in their names): about 25 bytes a path instead of a string of ~150.
 * Reading a path back decodes from the last restart point (every RESTART paths starts afresh),
 * so `at` is slower than an array read: for lists mostly written and rarely read (SeenFiles).
 */
const RESTART = 32;

export class PathList {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Byte offset of each path's entry. */
  private starts = new Uint32Array(1 << 10);
  private count = 0;
  private previous = '';

  get length(): number {
    return this.count;
  }

  /** Bytes the encoded paths take (not counting the buffer's spare room). */
  get byteLength(): number {
    return this.used + this.count * Uint32Array.BYTES_PER_ELEMENT;
  }

  /** Appends `path`; returns its index. */
  push(path: string): number {
    const index = this.count;
    const shared = index % RESTART === 0 ? 0 : sharedPrefix(this.previous, path);
    const rest = path.slice(shared);
    // Two varints (at most 5 bytes each) and at most 3 UTF-8 bytes per UTF-16 unit.
    this.reserve(10 + rest.length * 3);
    if (index === this.starts.length) this.starts = grown(this.starts, this.starts.length * 2);
    this.starts[index] = this.used;
    this.used = writeVarint(this.bytes, this.used, shared);
    const restBytes = Buffer.byteLength(rest, 'utf8');
    this.used = writeVarint(this.bytes, this.used, restBytes);
    this.used += this.bytes.write(rest, this.used, 'utf8');
    this.previous = path;
    this.count++;
    return index;
  }

  /** The path at `index` (0 <= index < length). */
  at(index: number): string {
    if (!(index >= 0 && index < this.count))
      throw new RangeError(`no path ${index} in a list of ${this.count}`);
    let path = '';
    for (let i = index - (index % RESTART); i <= index; i++) {
      let at = this.starts[i] as number;
      const [shared, afterShared] = readVarint(this.bytes, at);
      const [restBytes, afterLength] = readVarint(this.bytes, afterShared);
      at = afterLength;
      path = path.slice(0, shared) + this.bytes.toString('utf8', at, at + restBytes);
    }
    return path;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + extra));
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }
}

function sharedPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Never split a surrogate pair: the rest would start with half a character, which UTF-8 cannot hold.
  if (i > 0 && i < b.length && isHighSurrogate(b.charCodeAt(i - 1))) i--;
  return i;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function writeVarint(buf: Buffer, at: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    buf[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[at++] = v;
  return at;
}

function readVarint(buf: Buffer, from: number): [number, number] {
  let value = 0;
  let shift = 0;
  let at = from;
  for (;;) {
    const byte = buf[at++] as number;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
    shift += 7;
  }
}

export function grown<T extends Uint32Array | Int32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}
