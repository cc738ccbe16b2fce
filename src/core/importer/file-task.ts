import { createHash } from 'node:crypto';
import { closeSync, fstatSync, readSync } from 'node:fs';
import { describeFsError } from '../burr/layout';
import { openRegularFile } from '../burr/open-regular-file';
import { type LineBatch, LineBatchBuilder } from './line-batch';
import { excerptOf, parseLineBytes } from './line-parser';
import { readLines } from './line-reader';

/**
 * Reading one log file from its checkpoint, as a stream of messages. The same
 * function runs in-process (small imports) and in the reader worker (big
 * imports, so parsing overlaps the database writes on the other core). It
 * never touches the database: the applier on the writing side does.
 */
export interface FileTask {
  taskId: number;
  path: string;
  /** Whole objects (S3): the last line is complete without '\n'. */
  complete: boolean;
  maxLineBytes: number;
  startOffset: number;
  startLineNo: number;
  /** The stored hash of the file's first `headLen` bytes: a change means the file was replaced. */
  headHash: string | null;
  headLen: number;
  /** The size the scan saw: reading stops there. */
  size: number;
}

/** What the reader learned on opening the file; rides on the file's first message. */
export interface TaskStart {
  /** Why the file is re-read from the start (truncated or replaced), or null. */
  reset: string | null;
  headHash: string;
  headLen: number;
}

/**
 * A file arrives as one `end` message when it fits one read chunk (most do),
 * else as `lines` messages and a final `end`. Only a file that spans several
 * messages can fail half-way, so only those need a savepoint on the writing side.
 */
export type TaskMessage =
  | {
      type: 'lines';
      taskId: number;
      start: TaskStart | null;
      lines: LineBatch;
      checkpointOffset: number;
      lineNo: number;
      bytesRead: number;
    }
  | {
      type: 'end';
      taskId: number;
      start: TaskStart | null;
      lines: LineBatch;
      bytesRead: number;
      offset: number;
      lineNo: number;
    }
  | { type: 'error'; taskId: number; message: string };

const HEAD_BYTES = 1024;
const EMPTY_HEAD_HASH = hashHead(Buffer.alloc(0));

/** Runs a task; `emit` returns false to stop reading (cancellation) after the current chunk. */
export function runFileTask(
  task: FileTask,
  scratch: { buf: Buffer },
  emit: (message: TaskMessage) => boolean,
): void {
  let fd: number;
  try {
    fd = openRegularFile(task.path).fd;
  } catch (error) {
    emit({
      type: 'error',
      taskId: task.taskId,
      message: `cannot read ${task.path}: ${describeFsError(error)}`,
    });
    return;
  }
  try {
    // Continuing a file: first make sure it is still the file we read before. From the start, the
    // first read gives the head.
    const head = task.startOffset > 0 ? readHead(fd) : null;
    const reset = head ? changeReason(task, fd, head) : null;
    const startOffset = reset ? 0 : task.startOffset;
    const startLineNo = reset ? 0 : task.startLineNo;
    const first: TaskStart = { reset, headHash: head?.hash ?? EMPTY_HEAD_HASH, headLen: head?.len ?? 0 };
    let start: TaskStart | null = first;
    let lines = new LineBatchBuilder();
    // Each chunk is held until the next chunk is read, so the last one can travel as `end`.
    let held: {
      start: TaskStart | null;
      lines: LineBatchBuilder;
      checkpointOffset: number;
      lineNo: number;
      bytesRead: number;
    } | null = null;
    const mib = (task.maxLineBytes / 1024 / 1024).toFixed(0);
    const result = readLines(
      fd,
      {
        startOffset,
        startLineNo,
        maxLineBytes: task.maxLineBytes,
        finalLineComplete: task.complete,
        scratch,
        endOffset: task.size,
        headBytes: HEAD_BYTES,
        onHead: (bytes) => {
          first.headHash = hashHead(bytes);
          first.headLen = bytes.length;
        },
      },
      {
        onLine: (buf, lineStart, lineEnd, offset, len, lineNo) => {
          lines.push(parseLineBytes(buf, lineStart, lineEnd), offset, len, lineNo);
        },
        onOversizedLine: (headBytes, offset, len, lineNo) => {
          const reason = `line is ${len} bytes, over the ${mib} MiB line limit: skipped without loading it`;
          const excerpt = excerptOf(headBytes.toString('utf8'));
          lines.push({ record: { kind: 'bad', reason, excerpt }, invalidUtf8: false }, offset, len, lineNo);
        },
        onChunkDone: (checkpointOffset, lineNo, bytesRead) => {
          const previous = held;
          held = { start, lines, checkpointOffset, lineNo, bytesRead };
          start = null;
          lines = new LineBatchBuilder();
          return (
            previous === null ||
            emit({ type: 'lines', taskId: task.taskId, ...previous, lines: previous.lines.finish() })
          );
        },
      },
    );
    // Stopped (cancelled): the writing side has taken its last message; the held chunk is left unread.
    if (result.stopped) return;
    // A whole object's last line (no '\n') arrives after the last chunk: it joins the final message.
    const last = held as { start: TaskStart | null; lines: LineBatchBuilder; bytesRead: number } | null;
    if (last) last.lines.absorb(lines);
    emit({
      type: 'end',
      taskId: task.taskId,
      start: last ? last.start : start,
      lines: (last ? last.lines : lines).finish(),
      bytesRead: last?.bytesRead ?? 0,
      offset: result.offset,
      lineNo: result.lineNo,
    });
  } catch (error) {
    emit({
      type: 'error',
      taskId: task.taskId,
      message: `cannot read ${task.path}: ${describeFsError(error)}`,
    });
  } finally {
    closeSync(fd);
  }
}

function readHead(fd: number): { hash: string; len: number; bytes: Buffer } {
  const bytes = Buffer.alloc(HEAD_BYTES);
  const n = readSync(fd, bytes, 0, HEAD_BYTES, 0);
  return { hash: hashHead(bytes.subarray(0, n)), len: n, bytes: bytes.subarray(0, n) };
}

export function hashHead(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** Why a file cannot be continued from its checkpoint, or null when it can. */
function changeReason(task: FileTask, fd: number, head: { bytes: Buffer }): string | null {
  // Read the size from the descriptor we hold, not the path: the file may be replaced meanwhile.
  const size = fstatSync(fd).size;
  if (size < task.startOffset) {
    return `the file is shorter than what was already imported (${size} < ${task.startOffset} bytes): truncated`;
  }
  if (task.headHash && task.headLen > 0) {
    const prefix = head.bytes.subarray(0, task.headLen);
    if (prefix.length < task.headLen || hashHead(prefix) !== task.headHash)
      return 'its first bytes changed: the file was replaced';
  }
  return null;
}
