import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { DiscoveredFile } from '../burr/layout';
import { describeFsError } from '../burr/layout';
import { appGraphSchema, appMetadataSchema } from '../burr/line-schemas';
import type { FileRow, ImportWriter } from '../store/import-writer';
import type { StoreDatabase } from '../store/open-store';
import type { BatchTransaction } from './batch-transaction';
import type { LineHandler } from './line-handler';
import { readLines } from './line-reader';

/** Per-run state shared by every file of one import. */
export interface FileImportContext {
  db: StoreDatabase;
  writer: ImportWriter;
  handler: LineHandler;
  tx: BatchTransaction;
  /** The read buffer, shared by every file of the run. */
  scratch: { buf: Buffer };
  maxLineBytes: number;
  counters: { bytes: number; lines: number; quarantined: number; invalidUtf8: number };
  onChunk: () => void;
  shouldCancel: () => boolean;
  rereads: { path: string; reason: string }[];
}

export type FileResult = 'read' | 'unchanged' | 'error' | 'cancelled';

const HEAD_BYTES = 1024;
const EXCERPT_BYTES = 1024;

/** True when nothing about the file changed since its checkpoint: the re-import costs one stat. */
export function isUnchanged(file: DiscoveredFile, row: FileRow | undefined): boolean {
  return (
    row !== undefined &&
    row.error === null &&
    row.size === file.size &&
    row.mtime_ms === file.mtimeMs &&
    row.identity === file.identity
  );
}

/**
 * Imports the new bytes of one log file. Rows and the checkpoint commit in the
 * same transaction, batch by batch, so a crash at any moment leaves the
 * database consistent and the next run continues exactly where this one stopped.
 */
export function importLogFile(
  ctx: FileImportContext,
  file: DiscoveredFile,
  fileRef: number,
  appRef: number,
  row: FileRow | undefined,
): FileResult {
  const { writer, tx } = ctx;
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch (error) {
    writer.setFileError(
      fileRef,
      file.path,
      row?.error ?? null,
      `cannot read ${file.path}: ${describeFsError(error)}`,
      file,
    );
    return 'error';
  }
  tx.beginFile();
  try {
    const head = readHead(fd, file.size);
    let offset = row?.byte_offset ?? 0;
    let lineNo = row?.line_no ?? 0;
    const reason = offset > 0 && row ? changeReason(file, row, head) : null;
    if (reason) {
      writer.resetFile(fileRef);
      writer.notice(
        fileRef,
        file.path,
        'warning',
        `Re-read from the start: ${reason}. Rows from its old content were replaced.`,
      );
      ctx.rereads.push({ path: file.path, reason });
      offset = 0;
      lineNo = 0;
    }
    const result = readLines(
      fd,
      {
        startOffset: offset,
        startLineNo: lineNo,
        maxLineBytes: ctx.maxLineBytes,
        finalLineComplete: file.complete,
      },
      {
        onLine: (buf, start, end, byteOffset, byteLength, n) => {
          const outcome = ctx.handler.handle(buf, start, end, {
            appRef,
            ref: { file: fileRef, offset: byteOffset, len: byteLength },
            lineNo: n,
          });
          ctx.counters.lines++;
          if (!outcome.ok) ctx.counters.quarantined++;
          if (outcome.invalidUtf8) ctx.counters.invalidUtf8++;
          tx.add(1, byteLength);
        },
        onOversizedLine: (headBytes, byteOffset, byteLength, n) => {
          const mib = (ctx.maxLineBytes / 1024 / 1024).toFixed(0);
          writer.quarantine(
            { file: fileRef, offset: byteOffset, len: byteLength },
            n,
            `line is ${byteLength} bytes, over the ${mib} MiB line limit: skipped without loading it`,
            headBytes.toString('utf8', 0, Math.min(EXCERPT_BYTES, headBytes.length)),
            false,
          );
          ctx.counters.lines++;
          ctx.counters.quarantined++;
          tx.add(1, 0);
        },
        onChunkDone: (checkpoint, n, bytesRead) => {
          ctx.counters.bytes += bytesRead;
          if (tx.full) {
            writer.saveProgress(fileRef, checkpoint, n);
            tx.commit();
          }
          ctx.onChunk();
          return !ctx.shouldCancel();
        },
      },
    );
    writer.saveCheckpoint(fileRef, {
      byteOffset: result.offset,
      lineNo: result.lineNo,
      // A stop midway must not look "unchanged" to the next run: keep size 0 until the file is finished.
      size: result.stopped ? 0 : file.size,
      mtimeMs: file.mtimeMs,
      identity: file.identity,
      headHash: head.hash,
      headLen: head.len,
    });
    tx.endFile();
    return result.stopped ? 'cancelled' : 'read';
  } catch (error) {
    tx.abortFile();
    writer.setFileError(
      fileRef,
      file.path,
      row?.error ?? null,
      `cannot read ${file.path}: ${describeFsError(error)}`,
      file,
    );
    return 'error';
  } finally {
    closeSync(fd);
  }
}

/** graph.json / metadata.json: small, rewritten in place by Burr, so read whole each time they change. */
export function importAppSidecar(
  ctx: FileImportContext,
  file: DiscoveredFile,
  fileRef: number,
  appRef: number,
  row: FileRow | undefined,
): FileResult {
  const { writer } = ctx;
  const fail = (message: string): FileResult => {
    writer.setFileError(fileRef, file.path, row?.error ?? null, message, file);
    return 'error';
  };
  let text: string;
  try {
    if (file.size > ctx.maxLineBytes)
      return fail(`${file.path} is ${file.size} bytes, over the size limit: skipped`);
    text = readFileSync(file.path, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file.path}: ${describeFsError(error)}`);
  }
  ctx.counters.bytes += Buffer.byteLength(text);
  const name = file.kind === 'graph' ? 'graph.json' : 'metadata.json';
  if (text.trim() === '')
    return fail(`${name} is empty (Burr may be rewriting it); it will be read again on the next import`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(
      `${name} is not valid JSON (cut short while being rewritten?); it will be read again on the next import`,
    );
  }
  const parsed = file.kind === 'graph' ? appGraphSchema.safeParse(value) : appMetadataSchema.safeParse(value);
  if (!parsed.success) {
    return fail(
      `${name} does not look like Burr application ${file.kind === 'graph' ? 'graph' : 'metadata'}: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  {
    if (file.kind === 'graph') {
      writer.setAppGraph(appRef, text);
    } else {
      const meta = appMetadataSchema.parse(value);
      writer.setAppMetadata(
        appRef,
        meta.partition_key ?? null,
        meta.parent_pointer,
        meta.spawning_parent_pointer,
      );
    }
    const headBytes = Buffer.from(text).subarray(0, HEAD_BYTES);
    writer.saveCheckpoint(fileRef, {
      byteOffset: file.size,
      lineNo: 1,
      size: file.size,
      mtimeMs: file.mtimeMs,
      identity: file.identity,
      headHash: hashHead(headBytes),
      headLen: headBytes.length,
    });
  }
  return 'read';
}

function readHead(fd: number, size: number): { hash: string; len: number; bytes: Buffer } {
  const len = Math.min(HEAD_BYTES, size);
  const bytes = Buffer.alloc(len);
  const n = len > 0 ? readSync(fd, bytes, 0, len, 0) : 0;
  return { hash: hashHead(bytes.subarray(0, n)), len: n, bytes: bytes.subarray(0, n) };
}

function hashHead(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** Why a file cannot be continued from its checkpoint, or null when it can. */
function changeReason(file: DiscoveredFile, row: FileRow, head: { bytes: Buffer }): string | null {
  if (file.size < row.byte_offset)
    return `the file is shorter than what was already imported (${file.size} < ${row.byte_offset} bytes): truncated`;
  if (row.head_hash && row.head_len > 0) {
    const prefix = head.bytes.subarray(0, row.head_len);
    if (prefix.length < row.head_len || hashHead(prefix) !== row.head_hash)
      return 'its first bytes changed: the file was replaced';
  }
  return null;
}
