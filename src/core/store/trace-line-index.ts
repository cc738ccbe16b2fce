/**
 * files.trace_lines: where a log file's span and attribute lines are, so the run view reads just
 * those lines back (the span_keys migration). Each line is two unsigned LEB128 varints, its byte offset and
 * byte length (newline included), in file order. Offsets are absolute, so the index of a file
 * imported in parts is the parts' indexes end to end (SQL `||`).
 */

/** The lines one file adds to its index since its last checkpoint, and its attribute count. */
export class TraceLinePending {
  attributes = 0;
  private readonly bytes: number[] = [];

  add(offset: number, length: number): void {
    pushVarint(this.bytes, offset);
    pushVarint(this.bytes, length);
  }

  /** The index bytes to append (empty when nothing was added). */
  take(): Buffer {
    const out = Buffer.from(this.bytes);
    this.bytes.length = 0;
    this.attributes = 0;
    return out;
  }
}

export const NO_TRACE_LINES: Buffer = Buffer.alloc(0);

function pushVarint(out: number[], value: number): void {
  // Offsets pass 2^32: divide, do not shift.
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** The (offset, length) pairs of an index, in file order. A cut-short index stops at its last whole pair. */
export function decodeTraceLines(index: Uint8Array): { offset: number; length: number }[] {
  const out: { offset: number; length: number }[] = [];
  let at = 0;
  const next = (): number | null => {
    let value = 0;
    let scale = 1;
    while (at < index.length) {
      const byte = index[at++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
    return null;
  };
  while (at < index.length) {
    const offset = next();
    const length = next();
    if (offset === null || length === null) break;
    out.push({ offset, length });
  }
  return out;
}
