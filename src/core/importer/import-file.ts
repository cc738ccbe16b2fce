import type { DiscoveredFile } from '../burr/layout';
import type { FileRow } from '../store/import-rows';
import type { ImportWriter } from '../store/import-writer';
import type { StoreDatabase } from '../store/open-store';
import type { BatchTransaction } from './batch-transaction';
import { type FileTask, runFileTask, type TaskMessage, type TaskStart } from './file-task';
import type { PlannedSidecar } from './import-plan';
import { applyLineBatch } from './line-applier';
import type { LineBatch } from './line-batch';
import { readSidecar, type SidecarMessage, type SidecarTask } from './sidecar-task';

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
    size: file.size,
  };
}

/**
 * The writing side of one log file: applies the reader's messages. Rows and
 * the checkpoint commit in the same transaction, batch by batch, so a crash at
 * any moment leaves the database consistent and the next run continues
 * exactly where this one stopped. A file that arrives in several messages
 * runs in a savepoint, so a read error half-way undoes only its own rows.
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
    const { ctx, file, fileRef } = this;
    const { writer, tx } = ctx;
    if (m.type === 'error') {
      tx.abortFile();
      writer.discardPending(fileRef);
      writer.setFileError(fileRef, file.path, this.row?.error ?? null, m.message, file);
      this.result = 'error';
      return true;
    }
    if (m.type === 'lines') tx.beginFile();
    if (m.start) this.begin(m.start);
    this.applyLines(m.lines, m.bytesRead);
    if (m.type === 'end') {
      this.finish(m.offset, m.lineNo, file.size);
      this.result = 'read';
      return true;
    }
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

  private begin(start: TaskStart): void {
    const { ctx, file, fileRef } = this;
    this.head = { hash: start.headHash, len: start.headLen };
    if (!start.reset) return;
    // The old rows go and the new ones come in one step: a savepoint even if the file fits one message.
    ctx.tx.beginFile();
    ctx.writer.resetFile(fileRef);
    ctx.writer.notice(
      fileRef,
      file.path,
      'warning',
      `Re-read from the start: ${start.reset}. Rows from its old content were replaced.`,
    );
    ctx.rereads.push({ path: file.path, reason: start.reset });
  }

  private applyLines(lines: LineBatch, bytesRead: number): void {
    const { ctx } = this;
    const outcome = applyLineBatch(ctx.writer, lines, this.appRef, this.fileRef);
    ctx.counters.lines += outcome.lines;
    ctx.counters.quarantined += outcome.quarantined;
    ctx.counters.invalidUtf8 += outcome.invalidUtf8;
    ctx.counters.bytes += bytesRead;
    ctx.tx.add(outcome.lines, outcome.lineBytes);
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

/** What the reader needs to read an app's graph.json or metadata.json. */
export function sidecarTask(planned: PlannedSidecar, maxBytes: number): SidecarTask {
  const { file } = planned;
  return {
    taskId: planned.taskId,
    path: file.path,
    kind: file.kind === 'graph' ? 'graph' : 'metadata',
    size: file.size,
    maxBytes,
  };
}

/** Writes what the reader made of a graph.json / metadata.json into its app, and its stamp or its error. */
export function applySidecar(ctx: FileImportContext, planned: PlannedSidecar, m: SidecarMessage): FileResult {
  const { writer } = ctx;
  const { file, appRef, sourceId } = planned;
  ctx.counters.bytes += m.bytes;
  if (!m.ok) {
    writer.sidecars.saveError(appRef, sourceId, file, m.message);
    // A notice only for a new error, so retries do not pile up (its path says which file).
    if (planned.previousError !== m.message) writer.notice(null, file.path, 'error', m.message, sourceId);
    return 'error';
  }
  const content = m.content;
  if (content.kind === 'graph') writer.setAppGraph(appRef, content.graphJson);
  else writer.setAppMetadata(appRef, content.partitionKey, content.parent, content.spawningParent);
  writer.sidecars.saveRead(appRef, sourceId, file);
  return 'read';
}

/** Reads and applies one graph.json / metadata.json in this thread. */
export function importAppSidecar(ctx: FileImportContext, planned: PlannedSidecar): FileResult {
  return applySidecar(ctx, planned, readSidecar(sidecarTask(planned, ctx.maxLineBytes)));
}
