import { readSync } from 'node:fs';

/**
 * Reads complete lines from a file descriptor, from a byte offset, in chunks.
 * Memory stays bounded: a line longer than `maxLineBytes` is never held whole;
 * its first KiB is kept and the rest skipped up to the next newline.
 * Bytes after the last '\n' are an unfinished line (a local log being written)
 * unless `finalLineComplete` says the file was written whole (an S3 object).
 */
export interface LineVisitor {
  /** A complete line: bytes [start, end) of `buf` (no '\n', no trailing '\r'), at `byteOffset` in the file. */
  onLine(
    buf: Buffer,
    start: number,
    end: number,
    byteOffset: number,
    byteLength: number,
    lineNo: number,
  ): void;
  /** A line over the size limit: its first KiB, where it starts and how long it is. */
  onOversizedLine(head: Buffer, byteOffset: number, byteLength: number, lineNo: number): void;
  /**
   * After each chunk: everything before `checkpointOffset` (a line end) has been visited.
   * Return false to stop reading (cancellation); the caller's checkpoint stays exact.
   */
  onChunkDone(checkpointOffset: number, lineNo: number, bytesRead: number): boolean;
}

export interface ReadLinesOptions {
  startOffset: number;
  startLineNo: number;
  maxLineBytes: number;
  finalLineComplete: boolean;
  chunkBytes?: number;
  /** A buffer to reuse across files (and keep when it grows), so small files cost no allocation. */
  scratch?: { buf: Buffer };
  /**
   * Stop at this offset (the size the scan saw) instead of reading until a read returns nothing: saves a
   * system call per file. Bytes appended meanwhile wait for the next import, as if they came a moment later.
   */
  endOffset?: number;
  /** When reading from offset 0: the file's first bytes (up to `headBytes`), from the first read. */
  onHead?: (head: Buffer) => void;
  headBytes?: number;
}

export interface ReadLinesResult {
  /** Offset after the last complete line visited. */
  offset: number;
  lineNo: number;
  /** Bytes of an unfinished last line left for the next import. */
  pendingBytes: number;
  stopped: boolean;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const HEAD_BYTES = 1024;
const DEFAULT_CHUNK = 4 * 1024 * 1024;

export function readLines(fd: number, options: ReadLinesOptions, visitor: LineVisitor): ReadLinesResult {
  const chunkBytes = Math.min(options.chunkBytes ?? DEFAULT_CHUNK, Math.max(options.maxLineBytes, 1));
  const scratch = options.scratch ?? { buf: Buffer.allocUnsafe(chunkBytes) };
  if (scratch.buf.length < chunkBytes) scratch.buf = Buffer.allocUnsafe(chunkBytes);
  let buf = scratch.buf;
  // How much of buf this file may use: the chunk size, growing up to the line limit for one long line.
  let cap = chunkBytes;
  let filled = 0; // bytes of buf in use; buf[0] is at file offset `bufBase`
  let bufBase = options.startOffset;
  let readPos = options.startOffset;
  let lineNo = options.startLineNo;
  // Oversized-line state: we are skipping bytes until the next newline.
  let skipping = null as { head: Buffer; start: number; lineNo: number } | null;

  const emit = (start: number, end: number): void => {
    let contentEnd = end;
    if (contentEnd > start && buf[contentEnd - 1] === NEWLINE) contentEnd--;
    if (contentEnd > start && buf[contentEnd - 1] === CR) contentEnd--;
    lineNo++;
    visitor.onLine(buf, start, contentEnd, bufBase + start, end - start, lineNo);
  };

  for (;;) {
    if (filled === cap) {
      // The buffer holds one unfinished line: grow it up to the limit, then give up on holding it.
      if (cap < options.maxLineBytes) {
        cap = Math.min(cap * 2, options.maxLineBytes);
        if (buf.length < cap) {
          const bigger = Buffer.allocUnsafe(cap);
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
          scratch.buf = bigger;
        }
      } else {
        skipping = { head: Buffer.from(buf.subarray(0, HEAD_BYTES)), start: bufBase, lineNo: lineNo + 1 };
        bufBase += filled;
        filled = 0;
      }
    }
    if (options.endOffset !== undefined && readPos >= options.endOffset) break;
    const n = readSync(fd, buf, filled, cap - filled, readPos);
    if (n === 0) break;
    if (readPos === 0 && options.onHead)
      options.onHead(buf.subarray(0, Math.min(n, options.headBytes ?? HEAD_BYTES)));
    readPos += n;
    let scan = filled;
    filled += n;
    let lineStart = 0;
    // Search only the bytes read: past `filled` the buffer holds stale data (and is megabytes long).
    const view = buf.subarray(0, filled);

    if (skipping) {
      const nl = view.indexOf(NEWLINE, 0);
      if (nl === -1) {
        bufBase += filled;
        filled = 0;
        if (!visitor.onChunkDone(skipping.start, lineNo, n))
          return { offset: skipping.start, lineNo, pendingBytes: 0, stopped: true };
        continue;
      }
      lineNo++;
      visitor.onOversizedLine(
        skipping.head,
        skipping.start,
        bufBase + nl + 1 - skipping.start,
        skipping.lineNo,
      );
      skipping = null;
      lineStart = nl + 1;
      scan = lineStart;
    }

    for (;;) {
      const nl = view.indexOf(NEWLINE, scan);
      if (nl === -1) break;
      emit(lineStart, nl + 1);
      lineStart = nl + 1;
      scan = lineStart;
    }
    // Keep the unfinished tail at the start of the buffer.
    if (lineStart > 0) {
      buf.copy(buf, 0, lineStart, filled);
      bufBase += lineStart;
      filled -= lineStart;
    }
    if (!visitor.onChunkDone(bufBase, lineNo, n))
      return { offset: bufBase, lineNo, pendingBytes: 0, stopped: true };
  }

  if (skipping) {
    if (options.finalLineComplete) {
      lineNo++;
      visitor.onOversizedLine(
        skipping.head,
        skipping.start,
        bufBase + filled - skipping.start,
        skipping.lineNo,
      );
      return { offset: bufBase + filled, lineNo, pendingBytes: 0, stopped: false };
    }
    return {
      offset: skipping.start,
      lineNo,
      pendingBytes: bufBase + filled - skipping.start,
      stopped: false,
    };
  }
  if (filled > 0 && options.finalLineComplete) {
    emit(0, filled);
    return { offset: bufBase + filled, lineNo, pendingBytes: 0, stopped: false };
  }
  return { offset: bufBase, lineNo, pendingBytes: filled, stopped: false };
}
