import { closeSync, readSync } from 'node:fs';
import type { BurrTime } from './burr/timestamps';
import { DEFAULT_MAX_LINE_BYTES } from './importer/import-types';
import { parseLineBytes } from './importer/line-parser';
import { openRecordedFile } from './read-back';
import { ServiceError } from './service-error';
import { type TraceFile, traceFiles } from './store/file-queries';
import type { StoreDatabase } from './store/open-store';
import { decodeTraceLines } from './store/trace-line-index';

/**
 * The spans and attributes of one app, read back from its log files (the span_keys migration: they are not
 * copied into the database). Each line goes through the importer's own parser, so a span or an
 * attribute is exactly what the import made of it (same validation, same value cut at 2 KiB), and
 * the rules of read-back hold: only the imported part of each recorded file, the very file
 * imported (device and inode, not shorter), opened without blocking. A file that cannot be read
 * adds a problem and the rest still shows.
 */
export interface TraceSpan {
  seq: number;
  spanId: string;
  name: string | null;
  parent: string | null;
  start: BurrTime | null;
  end: BurrTime | null;
}

export interface TraceAttribute {
  seq: number;
  spanId: string | null;
  key: string;
  value: string;
  cut: boolean;
}

export interface RunTrace {
  /** In sequence order, then start time (none first), then span id: the order of the old spans query. */
  spans: TraceSpan[];
  /** In sequence order, then the order they were imported in (file, then line). */
  attributes: TraceAttribute[];
  /** One message per file that could not be read back. */
  problems: string[];
}

export function readRunTrace(db: StoreDatabase, appRef: number): RunTrace {
  const spans = new Map<string, TraceSpan>();
  const attributes: (TraceAttribute & { order: number })[] = [];
  const problems: string[] = [];
  const onLine = (buf: Buffer, start: number, end: number): void => {
    const { record } = parseLineBytes(buf, start, end);
    switch (record.kind) {
      case 'spanBegin': {
        // A span is one (sequence, span id) however many lines name it; the last line read wins, as
        // the rows' upserts did.
        const span = spanOf(spans, record.seq, record.spanId);
        span.name = record.name;
        span.parent = record.parent;
        span.start = record.time;
        break;
      }
      case 'spanEnd':
        spanOf(spans, record.seq, record.spanId).end = record.time;
        break;
      case 'attribute':
        attributes.push({
          seq: record.seq,
          spanId: record.spanId,
          key: record.key,
          value: record.valueJson,
          cut: record.cut,
          order: attributes.length,
        });
        break;
      default:
        break;
    }
  };
  for (const file of traceFiles(db, appRef)) {
    try {
      readTraceLines(file, onLine);
    } catch (error) {
      problems.push(
        error instanceof ServiceError
          ? error.message
          : `Cannot read ${file.path}: ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
  }
  return {
    spans: [...spans.values()].sort(compareSpans),
    attributes: attributes
      .sort((a, b) => a.seq - b.seq || a.order - b.order)
      .map(({ order: _order, ...a }) => a),
    problems,
  };
}

function spanOf(spans: Map<string, TraceSpan>, seq: number, spanId: string): TraceSpan {
  const key = `${seq}\0${spanId}`;
  let span = spans.get(key);
  if (!span) {
    span = { seq, spanId, name: null, parent: null, start: null, end: null };
    spans.set(key, span);
  }
  return span;
}

function compareSpans(a: TraceSpan, b: TraceSpan): number {
  if (a.seq !== b.seq) return a.seq - b.seq;
  const sa = a.start?.us ?? null;
  const sb = b.start?.us ?? null;
  if (sa !== sb) return sa === null ? -1 : sb === null ? 1 : sa - sb;
  // SQLite compares text by its UTF-8 bytes.
  return Buffer.compare(Buffer.from(a.spanId), Buffer.from(b.spanId));
}

/** Calls `onLine` for each span/attribute line of the file's imported part (without '\n' and a '\r' before it). */
function readTraceLines(file: TraceFile, onLine: (buf: Buffer, start: number, end: number) => void): void {
  const fd = openRecordedFile(file, 'its spans and attributes');
  try {
    if (file.traceLines === null) {
      scanImportedPart(fd, file.imported, onLine);
      return;
    }
    let buf = Buffer.allocUnsafe(64 * 1024);
    for (const { offset, length } of decodeTraceLines(file.traceLines)) {
      // The index only ever names lines of the imported part; a damaged one is not followed out of it.
      if (offset + length > file.imported) break;
      if (buf.length < length) buf = Buffer.allocUnsafe(length);
      const n = readSync(fd, buf, 0, length, offset);
      onLine(buf, 0, lineEnd(buf, 0, n));
    }
  } finally {
    closeSync(fd);
  }
}

const NEWLINE = 0x0a;
const CR = 0x0d;

function lineEnd(buf: Buffer, start: number, end: number): number {
  let e = end;
  if (e > start && buf[e - 1] === NEWLINE) e--;
  if (e > start && buf[e - 1] === CR) e--;
  return e;
}

/**
 * Files imported before the span_keys migration have no trace index: every line of their imported part is
 * parsed (only span and attribute lines add anything). A line the importer refused as too long
 * is skipped, as it was then.
 */
function scanImportedPart(
  fd: number,
  imported: number,
  onLine: (buf: Buffer, start: number, end: number) => void,
): void {
  const chunk = 4 * 1024 * 1024;
  let buf = Buffer.allocUnsafe(chunk);
  let filled = 0;
  let pos = 0;
  let skipping = false;
  while (pos < imported) {
    if (filled === buf.length) {
      if (buf.length < DEFAULT_MAX_LINE_BYTES) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, DEFAULT_MAX_LINE_BYTES));
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      } else {
        skipping = true;
        filled = 0;
      }
    }
    const n = readSync(fd, buf, filled, Math.min(buf.length - filled, imported - pos), pos);
    if (n === 0) break;
    pos += n;
    let lineStart = 0;
    let scan = filled;
    filled += n;
    // Search only the bytes read: past `filled` the buffer holds stale data.
    const view = buf.subarray(0, filled);
    for (;;) {
      const nl = view.indexOf(NEWLINE, scan);
      if (nl === -1) break;
      if (!skipping) onLine(buf, lineStart, lineEnd(buf, lineStart, nl + 1));
      skipping = false;
      lineStart = nl + 1;
      scan = lineStart;
    }
    if (lineStart > 0) {
      buf.copy(buf, 0, lineStart, filled);
      filled -= lineStart;
    }
  }
  // The imported part ends at a line end, or at the end of a file written whole (an S3 object).
  if (filled > 0 && !skipping) onLine(buf, 0, lineEnd(buf, 0, filled));
}
