import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeFsError } from '../burr/layout';
import { excerptOf, type ParsedLine, parseLineBytes } from './line-parser';
import { readLines } from './line-reader';

/**
 * Reading one log file from its checkpoint, as a stream of messages. The same
 * function runs in-process (small imports) and in the parse worker (big
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
}

export interface LineAt {
  parsed: ParsedLine;
  offset: number;
  len: number;
  lineNo: number;
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
      lines: LineAt[];
      checkpointOffset: number;
      lineNo: number;
      bytesRead: number;
    }
  | {
      type: 'end';
      taskId: number;
      start: TaskStart | null;
      lines: LineAt[];
      bytesRead: number;
      offset: number;
      lineNo: number;
    }
  | { type: 'error'; taskId: number; message: string };

const HEAD_BYTES = 1024;

/** Runs a task; `emit` returns false to stop reading (cancellation) after the current chunk. */
export function runFileTask(
  task: FileTask,
  scratch: { buf: Buffer },
  emit: (message: TaskMessage) => boolean,
): void {
  let fd: number;
  try {
    fd = openSync(task.path, 'r');
  } catch (error) {
    emit({
      type: 'error',
      taskId: task.taskId,
      message: `cannot read ${task.path}: ${describeFsError(error)}`,
    });
    return;
  }
  try {
    const head = readHead(fd);
    const reset = task.startOffset > 0 ? changeReason(task, fd, head) : null;
    const startOffset = reset ? 0 : task.startOffset;
    const startLineNo = reset ? 0 : task.startLineNo;
    let start: TaskStart | null = { reset, headHash: head.hash, headLen: head.len };
    let lines: LineAt[] = [];
    // Each chunk's message is held until the next chunk is read, so the last one can travel as `end`.
    let held: Extract<TaskMessage, { type: 'lines' }> | null = null;
    const mib = (task.maxLineBytes / 1024 / 1024).toFixed(0);
    const result = readLines(
      fd,
      {
        startOffset,
        startLineNo,
        maxLineBytes: task.maxLineBytes,
        finalLineComplete: task.complete,
        scratch,
      },
      {
        onLine: (buf, lineStart, lineEnd, offset, len, lineNo) => {
          lines.push({ parsed: parseLineBytes(buf, lineStart, lineEnd), offset, len, lineNo });
        },
        onOversizedLine: (headBytes, offset, len, lineNo) => {
          const reason = `line is ${len} bytes, over the ${mib} MiB line limit: skipped without loading it`;
          const excerpt = excerptOf(headBytes.toString('utf8'));
          lines.push({
            parsed: { record: { kind: 'bad', reason, excerpt }, invalidUtf8: false },
            offset,
            len,
            lineNo,
          });
        },
        onChunkDone: (checkpointOffset, lineNo, bytesRead) => {
          const previous = held;
          held = { type: 'lines', taskId: task.taskId, start, lines, checkpointOffset, lineNo, bytesRead };
          start = null;
          lines = [];
          return previous === null || emit(previous);
        },
      },
    );
    // Stopped (cancelled): the writing side has taken its last message; the held chunk is left unread.
    if (result.stopped) return;
    // A whole object's last line (no '\n') arrives after the last chunk: it joins the final message.
    const last = held as Extract<TaskMessage, { type: 'lines' }> | null;
    emit({
      type: 'end',
      taskId: task.taskId,
      start: last ? last.start : start,
      lines: last ? (lines.length > 0 ? [...last.lines, ...lines] : last.lines) : lines,
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
