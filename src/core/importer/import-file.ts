import { readFileSync } from 'node:fs';
import type { DiscoveredFile } from '../burr/layout';
import { describeFsError } from '../burr/layout';
import { appGraphSchema, appMetadataSchema } from '../burr/line-schemas';
import type { FileRow, ImportWriter } from '../store/import-writer';
import type { StoreDatabase } from '../store/open-store';
import type { BatchTransaction } from './batch-transaction';
import { type FileTask, hashHead, runFileTask, type TaskMessage } from './file-task';
import { applyParsedLine } from './line-applier';

/** Per-run state shared by every file of one import. */
export interface FileImportContext {
  db: StoreDatabase;
  writer: ImportWriter;
  tx: BatchTransaction;
  /** The read buffer, shared by every file read in-process. */
  scratch: { buf: Buffer };
  maxLineBytes: number;
  counters: { bytes: number; lines: number; quarantined: number; invalidUtf8: number };
  onChunk: () => void;
  shouldCancel: () => boolean;
  rereads: { path: string; reason: string }[];
}

export type FileResult = 'read' | 'unchanged' | 'error' | 'cancelled';

const HEAD_BYTES = 1024;

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

/** What the reader needs to continue a file from its checkpoint. */
export function fileTask(
  taskId: number,
  file: DiscoveredFile,
  row: FileRow | undefined,
  maxLineBytes: number,
): FileTask {
  return {
    taskId,
    path: file.path,
    complete: file.complete,
    maxLineBytes,
    startOffset: row?.byte_offset ?? 0,
    startLineNo: row?.line_no ?? 0,
    headHash: row?.head_hash ?? null,
    headLen: row?.head_len ?? 0,
  };
}

/**
 * The writing side of one log file: applies the reader's messages. Rows and
 * the checkpoint commit in the same transaction, batch by batch, so a crash at
 * any moment leaves the database consistent and the next run continues
 * exactly where this one stopped.
 */
export class FileApplier {
  result: FileResult | null = null;
  private head = { hash: '', len: 0 };

  constructor(
    private readonly ctx: FileImportContext,
    private readonly file: DiscoveredFile,
    private readonly fileRef: number,
    private readonly appRef: number,
    private readonly row: FileRow | undefined,
  ) {}

  /** Returns false to stop reading (the import was cancelled). */
  handle(m: TaskMessage): boolean {
    const { ctx, file, fileRef, appRef } = this;
    const { writer, tx } = ctx;
    switch (m.type) {
      case 'start':
        tx.beginFile();
        this.head = { hash: m.headHash, len: m.headLen };
        if (m.reset) {
          writer.resetFile(fileRef);
          writer.notice(
            fileRef,
            file.path,
            'warning',
            `Re-read from the start: ${m.reset}. Rows from its old content were replaced.`,
          );
          ctx.rereads.push({ path: file.path, reason: m.reset });
        }
        return true;
      case 'lines': {
        for (const line of m.lines) {
          const outcome = applyParsedLine(writer, line.parsed, {
            appRef,
            ref: { file: fileRef, offset: line.offset, len: line.len },
            lineNo: line.lineNo,
          });
          ctx.counters.lines++;
          if (!outcome.ok) ctx.counters.quarantined++;
          if (outcome.invalidUtf8) ctx.counters.invalidUtf8++;
          tx.add(1, line.len);
        }
        ctx.counters.bytes += m.bytesRead;
        if (tx.full) {
          writer.saveProgress(fileRef, m.checkpointOffset, m.lineNo);
          tx.commit();
        }
        ctx.onChunk();
        if (ctx.shouldCancel()) {
          // A stop midway must not look "unchanged" to the next run: size 0 until the file is finished.
          this.finish(m.checkpointOffset, m.lineNo, 0);
          this.result = 'cancelled';
          return false;
        }
        return true;
      }
      case 'end':
        this.finish(m.offset, m.lineNo, file.size);
        this.result = 'read';
        return true;
      case 'error':
        tx.abortFile();
        writer.setFileError(fileRef, file.path, this.row?.error ?? null, m.message, file);
        this.result = 'error';
        return true;
    }
  }

  private finish(offset: number, lineNo: number, size: number): void {
    const { file } = this;
    this.ctx.writer.saveCheckpoint(this.fileRef, {
      byteOffset: offset,
      lineNo,
      size,
      mtimeMs: file.mtimeMs,
      identity: file.identity,
      headHash: this.head.hash,
      headLen: this.head.len,
    });
    this.ctx.tx.endFile();
  }
}

/** Reads and applies one log file in this thread. */
export function importLogFile(
  ctx: FileImportContext,
  file: DiscoveredFile,
  fileRef: number,
  appRef: number,
  row: FileRow | undefined,
): FileResult {
  const applier = new FileApplier(ctx, file, fileRef, appRef, row);
  runFileTask(fileTask(fileRef, file, row, ctx.maxLineBytes), ctx.scratch, (m) => applier.handle(m));
  return applier.result ?? 'error';
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
