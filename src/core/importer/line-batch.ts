import type { LineRecord, ParsedLine } from './line-parser';

/**
 * Parsed lines in columns: one kind byte and a fixed row of numbers per line,
 * and their strings in one flat list in a fixed order per kind. This is what
 * travels from the reader worker to the writing thread: typed arrays are
 * copied as one block, where an array of small objects costs a structured
 * clone of every object on both sides (a third of the writing thread's time,
 * measured). The writer reads the columns directly (line-applier.ts).
 */
export interface LineBatch {
  count: number;
  kinds: Uint8Array;
  /** NUMS_PER_LINE numbers per line; absent numbers are NaN. */
  nums: Float64Array;
  strs: (string | null)[];
}

export const KIND = {
  blank: 0,
  stepBegin: 1,
  stepEnd: 2,
  streamBegin: 3,
  streamFirst: 4,
  streamEnd: 5,
  spanBegin: 6,
  spanEnd: 7,
  attribute: 8,
  child: 9,
  raw: 10,
  bad: 11,
} as const satisfies Record<LineRecord['kind'], number>;

/** Per line: where it is, flags, then the record's numbers (meaning depends on the kind). */
export const NUM = { offset: 0, len: 1, lineNo: 2, flags: 3, seq: 4, us: 5, a: 6, b: 7, c: 8, d: 9 } as const;
export const NUMS_PER_LINE = 10;
/** flags bits */
export const FLAG = { invalidUtf8: 1, utc: 2 } as const;

const nullable = (n: number | null): number => (n === null ? Number.NaN : n);

export class LineBatchBuilder {
  private kinds: number[] = [];
  private nums: number[] = [];
  private strs: (string | null)[] = [];

  get count(): number {
    return this.kinds.length;
  }

  push(parsed: ParsedLine, offset: number, len: number, lineNo: number): void {
    const r = parsed.record;
    let flags = parsed.invalidUtf8 ? FLAG.invalidUtf8 : 0;
    let seq = Number.NaN;
    let us = Number.NaN;
    let a = Number.NaN;
    let b = Number.NaN;
    let c = Number.NaN;
    let d = Number.NaN;
    const s = this.strs;
    // The invalid-UTF-8 excerpt leads, so the reader knows where the record's own strings start.
    if (parsed.invalidUtf8) s.push(parsed.excerpt ?? '');
    switch (r.kind) {
      case 'stepBegin':
        seq = r.seq;
        us = r.us;
        s.push(r.action);
        break;
      case 'stepEnd':
        seq = r.seq;
        us = r.us;
        s.push(r.action, r.exception);
        break;
      case 'streamBegin':
      case 'streamFirst':
        seq = r.seq;
        us = r.us;
        s.push(r.span);
        break;
      case 'streamEnd':
        seq = r.seq;
        us = r.us;
        a = r.items;
        b = nullable(r.generationMs);
        c = nullable(r.consumerMs);
        d = nullable(r.firstItemMs);
        s.push(r.span);
        break;
      case 'spanBegin':
        seq = r.seq;
        us = r.time.us;
        if (r.time.utc) flags |= FLAG.utc;
        // Only the key travels: the run view reads name, parent and times back from the line.
        s.push(r.spanId);
        break;
      case 'spanEnd':
        seq = r.seq;
        us = r.time.us;
        if (r.time.utc) flags |= FLAG.utc;
        s.push(r.spanId);
        break;
      case 'attribute':
        seq = r.seq;
        us = nullable(r.us);
        // Nothing travels: an attribute is counted and read back from its line by the run view.
        break;
      case 'child':
        seq = nullable(r.seq);
        s.push(r.childAppId, r.childPartitionKey, r.eventType);
        break;
      case 'raw':
        seq = nullable(r.seq);
        s.push(r.type);
        break;
      case 'bad':
        s.push(r.reason, r.excerpt);
        break;
      case 'blank':
        break;
    }
    this.kinds.push(KIND[r.kind]);
    this.nums.push(offset, len, lineNo, flags, seq, us, a, b, c, d);
  }

  /** Moves `other`'s lines to the end of this batch. */
  absorb(other: LineBatchBuilder): void {
    for (const k of other.kinds) this.kinds.push(k);
    for (const n of other.nums) this.nums.push(n);
    for (const s of other.strs) this.strs.push(s);
    other.kinds = [];
    other.nums = [];
    other.strs = [];
  }

  finish(): LineBatch {
    return {
      count: this.kinds.length,
      kinds: Uint8Array.from(this.kinds),
      nums: Float64Array.from(this.nums),
      strs: this.strs,
    };
  }
}
