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
  onLine(buf: Buffer, start: number, end: number, byteOffset: number, byteLength: number, lineNo: number): void;
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
  let buf = Buffer.allocUnsafe(chunkBytes);
  let filled = 0; // bytes of buf in use; buf[0] is at file offset `bufBase`
  let bufBase = options.startOffset;
  let readPos = options.startOffset;
  let lineNo = options.startLineNo;
  // Oversized-line state: we are skipping bytes until the next newline.
  let skipping = null as { head: Buffer; start: number; lineNo: number } | null;

  const emit = (start: number, end: number): void => {
    let contentEnd = end;
    if (contentEnd > start && buf[contentEnd - 1] === CR) contentEnd--;
    lineNo++;
    visitor.onLine(buf, start, contentEnd, bufBase + start, end - start, lineNo);
  };

  for (;;) {
    if (filled === buf.length) {
      // The buffer holds one unfinished line: grow it up to the limit, then give up on holding it.
      if (buf.length < options.maxLineBytes) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, options.maxLineBytes));
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      } else {
        skipping = { head: Buffer.from(buf.subarray(0, HEAD_BYTES)), start: bufBase, lineNo: lineNo + 1 };
        bufBase += filled;
        filled = 0;
      }
    }
    const n = readSync(fd, buf, filled, buf.length - filled, readPos);
    if (n === 0) break;
    readPos += n;
    let scan = filled;
    filled += n;
    let lineStart = 0;

    if (skipping) {
      const nl = buf.indexOf(NEWLINE, 0);
      if (nl === -1 || nl >= filled) {
        bufBase += filled;
        filled = 0;
        if (!visitor.onChunkDone(skipping.start, lineNo, n)) return { offset: skipping.start, lineNo, pendingBytes: 0, stopped: true };
        continue;
      }
      lineNo++;
      visitor.onOversizedLine(skipping.head, skipping.start, bufBase + nl + 1 - skipping.start, skipping.lineNo);
      skipping = null;
      lineStart = nl + 1;
      scan = lineStart;
    }

    for (;;) {
      const nl = buf.indexOf(NEWLINE, scan);
      if (nl === -1 || nl >= filled) break;
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
    if (!visitor.onChunkDone(bufBase, lineNo, n)) return { offset: bufBase, lineNo, pendingBytes: 0, stopped: true };
  }

  if (skipping) {
    if (options.finalLineComplete) {
      lineNo++;
      visitor.onOversizedLine(skipping.head, skipping.start, bufBase + filled - skipping.start, skipping.lineNo);
      return { offset: bufBase + filled, lineNo, pendingBytes: 0, stopped: false };
    }
    return { offset: skipping.start, lineNo, pendingBytes: bufBase + filled - skipping.start, stopped: false };
  }
  if (filled > 0 && options.finalLineComplete) {
    emit(0, filled);
    return { offset: bufBase + filled, lineNo, pendingBytes: 0, stopped: false };
  }
  return { offset: bufBase, lineNo, pendingBytes: filled, stopped: false };
}
