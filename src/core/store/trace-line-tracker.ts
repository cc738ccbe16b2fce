import { TraceLinePending } from './trace-line-index';

/** Where a line lives in its file (the part of LineRef the trace index needs). */
interface TraceLineRef {
  file: number;
  offset: number;
  len: number;
}

/**
 * The importer's bookkeeping for spans and attributes, which are read back from the log file by the
 * run view rather than copied (the span_keys migration): per file, what its next checkpoint adds
 * (attribute count, trace-line index), and which spans of the file being applied already have
 * their key row on the way (a span is one key row however many lines name it).
 */
export class TraceLineTracker {
  private readonly pending = new Map<number, TraceLinePending>();
  private spansOfFile = { fileRef: -1, keys: new Set<string>() };

  /** A begin_span line: its place in the file's index; its key row is being written. */
  spanBegin(appRef: number, seq: number, spanId: string, ref: TraceLineRef): void {
    this.fileSpanKeys(ref.file).add(spanKey(appRef, seq, spanId));
    this.pendingOf(ref.file).add(ref.offset, ref.len);
  }

  /** An end_span line: its place in the file's index; true when no begin_span of this file wrote its key row. */
  spanEnd(appRef: number, seq: number, spanId: string, ref: TraceLineRef): boolean {
    this.pendingOf(ref.file).add(ref.offset, ref.len);
    return !this.fileSpanKeys(ref.file).has(spanKey(appRef, seq, spanId));
  }

  /** An attribute line: counted, and found again through the file's index. */
  attribute(ref: TraceLineRef): void {
    const p = this.pendingOf(ref.file);
    p.attributes++;
    p.add(ref.offset, ref.len);
  }

  /**
   * What a checkpoint of the file adds: attribute count and trace-line index bytes. Null when the
   * file added no span or attribute line since its last checkpoint (most files, all sidecars).
   */
  take(fileRef: number): { attributes: number; traceLines: Buffer } | null {
    const p = this.pending.get(fileRef);
    if (p === undefined) return null;
    this.pending.delete(fileRef);
    const attributes = p.attributes;
    return { attributes, traceLines: p.take() };
  }

  /** The file's rows since its last checkpoint were rolled back: so is what it would have added. */
  discard(fileRef: number): void {
    this.pending.delete(fileRef);
    if (this.spansOfFile.fileRef === fileRef) this.spansOfFile = { fileRef: -1, keys: new Set() };
  }

  private pendingOf(fileRef: number): TraceLinePending {
    let p = this.pending.get(fileRef);
    if (p === undefined) {
      p = new TraceLinePending();
      this.pending.set(fileRef, p);
    }
    return p;
  }

  private fileSpanKeys(fileRef: number): Set<string> {
    if (this.spansOfFile.fileRef !== fileRef) this.spansOfFile = { fileRef, keys: new Set() };
    return this.spansOfFile.keys;
  }
}

function spanKey(appRef: number, seq: number, spanId: string): string {
  return `${appRef}\0${seq}\0${spanId}`;
}
