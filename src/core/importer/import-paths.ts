import type { DiscoveredFile, ScanError } from '../burr/layout';
import { TreeWalker, type WalkBatch } from '../burr/tree-walker';
import { ImportWriter } from '../store/import-writer';
import type { StoreDatabase } from '../store/open-store';
import { countsByProject } from '../store/project-counts';
import { BatchTransaction } from './batch-transaction';
import {
  applySidecar,
  FileApplier,
  type FileImportContext,
  type FileResult,
  fileTask,
  importAppSidecar,
  importLogFile,
  sidecarTask,
} from './import-file';
import { ImportPlanner, type PlannedFile } from './import-plan';
import {
  DEFAULT_MAX_LINE_BYTES,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
} from './import-types';
import { ReaderWorkerClient } from './reader-worker-client';

const PROGRESS_INTERVAL_MS = 100;
/** Below this many new bytes a reader thread's start-up costs more than it saves. */
const PARALLEL_THRESHOLD_BYTES = 16 * 1024 * 1024;
/** How far the reader may read ahead of the writer (bounds memory). */
const READ_AHEAD_BYTES = 64 * 1024 * 1024;

/**
 * Imports every Burr file under `roots` (folders of either layout, or single
 * files) into the store: only bytes not imported before are read. Safe to run
 * again at any time; safe to kill at any moment.
 *
 * This thread walks the tree and imports as it goes. Once the walk has found
 * more new bytes than PARALLEL_THRESHOLD_BYTES, the rest of the walk and all
 * the reading and parsing move to a reader worker on the other core, and this
 * thread only writes: the two halves of a big import then overlap.
 */
export function importPaths(
  db: StoreDatabase,
  roots: readonly string[],
  options: ImportOptions = {},
): ImportSummary {
  const started = performance.now();
  const writer = new ImportWriter(db);
  const planner = new ImportPlanner(
    db,
    writer,
    options.sourceLocations ?? roots,
    options.sourceKind ?? 'folder',
  );
  const report = progressReporter(started, options.onProgress);
  const counters = { bytes: 0, lines: 0, quarantined: 0, invalidUtf8: 0 };
  const rereads: ImportSummary['rereads'] = [];
  const errors: ImportSummary['errors'] = [];
  let filesDone = 0;
  let filesRead = 0;
  let fileErrors = 0;
  let cancelled = false;
  let walkDone = false;
  let currentFile: string | null = null;

  const progressNow = (phase: ImportProgress['phase']) => ({
    phase,
    filesDone,
    filesTotal: planner.filesToRead,
    bytesDone: counters.bytes,
    bytesTotal: planner.bytesToRead,
    lines: counters.lines,
    quarantined: counters.quarantined,
    currentFile,
  });
  const tx = new BatchTransaction(
    db,
    options.batchLines ?? 20_000,
    options.batchBytes ?? 32 * 1024 * 1024,
    () => writer.flushFacts(),
  );
  const ctx: FileImportContext = {
    db,
    writer,
    tx,
    scratch: { buf: Buffer.allocUnsafe(4 * 1024 * 1024) },
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    counters,
    shouldCancel: options.shouldCancel ?? (() => false),
    rereads,
    onChunk: () => report(progressNow(walkDone ? 'importing' : 'scanning')),
  };
  const takeFound = (files: readonly DiscoveredFile[], scanErrors: readonly ScanError[]): PlannedFile[] => {
    for (const e of scanErrors) errors.push({ path: e.path, message: e.message });
    return planner.plan(files);
  };
  const finishFile = (planned: PlannedFile, result: FileResult): void => {
    if (result === 'error') {
      fileErrors++;
      const message = writer.getFile(planned.file.path)?.error;
      if (message) errors.push({ path: planned.file.path, message });
    } else if (result === 'cancelled') cancelled = true;
    else filesRead++;
    filesDone++;
    if (tx.full) tx.commit();
    ctx.onChunk();
  };

  report(progressNow('scanning'), true);
  const walker = TreeWalker.fromRoots(roots);
  const threshold = options.parallelThresholdBytes ?? PARALLEL_THRESHOLD_BYTES;
  const queue = new PlanQueue();
  let reader: ReaderWorkerClient | null = null;
  tx.begin();
  try {
    // Walk here until the walk ends or has found enough to pay for a reader thread.
    const batch: WalkBatch = { files: [], errors: [] };
    while (!walker.done && planner.bytesToRead < threshold) {
      walker.step(batch);
      queue.push(takeFound(batch.files, batch.errors));
      batch.files.length = 0;
      batch.errors.length = 0;
    }
    reader = walker.done ? null : ReaderWorkerClient.start(walker.state(), options.readerWorkerFile);
    if (reader) {
      walkDone = false;
      cancelled = importWithReader(reader, queue, ctx, {
        takeFound,
        finishFile,
        onWalkDone: () => {
          walkDone = true;
        },
        setCurrent: (file) => {
          currentFile = file;
        },
      });
    } else {
      // A small import (or no worker script was found): finish the walk and read everything here.
      while (!walker.done) {
        walker.step(batch);
        queue.push(takeFound(batch.files, batch.errors));
        batch.files.length = 0;
        batch.errors.length = 0;
      }
      walkDone = true;
      for (let planned = queue.shift(); planned && !cancelled; planned = queue.shift()) {
        if (ctx.shouldCancel()) {
          cancelled = true;
          break;
        }
        currentFile = planned.file.path;
        const { file, fileRef, appRef, row } = planned;
        finishFile(
          planned,
          isLogKind(file)
            ? importLogFile(ctx, file, fileRef, appRef, row)
            : importAppSidecar(ctx, file, fileRef, appRef, row),
        );
      }
    }
    for (const id of planner.touchedSources) writer.markSourceImported(id);
    tx.end();
  } catch (error) {
    // A database error (disk full, locked for too long): keep what was committed, stop here.
    tx.rollback();
    throw error;
  } finally {
    reader?.close();
  }

  const summary: ImportSummary = {
    files: planner.filesFound,
    files_read: filesRead,
    files_unchanged: planner.filesUnchanged,
    file_errors: fileErrors,
    bytes: counters.bytes,
    lines: counters.lines,
    quarantined: counters.quarantined,
    invalid_utf8_lines: counters.invalidUtf8,
    seconds: (performance.now() - started) / 1000,
    cancelled,
    rereads,
    errors,
    projects: countsByProject(db, [...planner.projects]),
    changed_apps: [...writer.changedApps],
  };
  currentFile = null;
  report(progressNow('done'), true);
  return summary;
}

interface ReaderHooks {
  takeFound: (files: readonly DiscoveredFile[], errors: readonly ScanError[]) => PlannedFile[];
  finishFile: (planned: PlannedFile, result: FileResult) => void;
  onWalkDone: () => void;
  setCurrent: (file: string | null) => void;
}

/**
 * The writing side of a parallel import: the reader walks, reads and parses;
 * this thread plans what it finds, sends tasks a bounded distance ahead, and
 * applies the answers in order. Returns true when cancelled.
 */
function importWithReader(
  reader: ReaderWorkerClient,
  queue: PlanQueue,
  ctx: FileImportContext,
  hooks: ReaderHooks,
): boolean {
  const inflight = new PlanQueue();
  let inflightBytes = 0;
  let walkDone = false;
  const sendAhead = (): void => {
    while (queue.length > 0 && (inflightBytes < READ_AHEAD_BYTES || inflight.length === 0)) {
      const planned = queue.shift() as PlannedFile;
      const { file, fileRef, row } = planned;
      if (isLogKind(file)) reader.readLog(fileTask(fileRef, file, row, ctx.maxLineBytes));
      else reader.readSidecar(sidecarTask(fileRef, file, ctx.maxLineBytes));
      inflight.push([planned]);
      inflightBytes += planned.newBytes;
    }
  };
  sendAhead();
  let applier: FileApplier | null = null;
  while (!walkDone || inflight.length > 0 || queue.length > 0) {
    const message = reader.next();
    if (message.type === 'found') {
      queue.push(hooks.takeFound(message.files, message.errors));
      if (message.walkDone) {
        walkDone = true;
        hooks.onWalkDone();
      }
      sendAhead();
      continue;
    }
    const planned = inflight.peek();
    if (!planned || message.taskId !== planned.fileRef)
      throw new Error(`reader worker out of order: got file ${message.taskId}, expected ${planned?.fileRef}`);
    hooks.setCurrent(planned.file.path);
    let result: FileResult | null;
    let goOn = true;
    if (message.type === 'sidecar') {
      result = applySidecar(ctx, planned.file, planned.fileRef, planned.appRef, planned.row, message);
    } else {
      applier ??= new FileApplier(ctx, planned.file, planned.fileRef, planned.appRef, planned.row);
      goOn = applier.handle(message);
      result = applier.result;
    }
    if (result !== null) {
      applier = null;
      inflight.shift();
      inflightBytes -= planned.newBytes;
      hooks.finishFile(planned, result);
      if (result === 'cancelled') return true;
    }
    if (!goOn) return true;
    if (ctx.shouldCancel()) {
      // Between files: everything applied so far is complete and will be committed.
      if (applier === null) return true;
    }
    sendAhead();
  }
  return false;
}

/** A first-in first-out list that does not shift arrays (plans can hold thousands of files). */
class PlanQueue {
  private items: PlannedFile[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(planned: readonly PlannedFile[]): void {
    for (const p of planned) this.items.push(p);
  }

  peek(): PlannedFile | undefined {
    return this.items[this.head];
  }

  shift(): PlannedFile | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

function isLogKind(file: DiscoveredFile): boolean {
  return file.kind === 'log' || file.kind === 'children';
}

function progressReporter(started: number, onProgress: ImportOptions['onProgress']) {
  let last = 0;
  let lastPhase: ImportProgress['phase'] | null = null;
  return (p: Omit<ImportProgress, 'elapsedMs' | 'bytesPerSecond'>, force = false): void => {
    if (!onProgress) return;
    const now = performance.now();
    // Throttled, except that a new phase is always reported at once.
    if (!force && p.phase === lastPhase && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    lastPhase = p.phase;
    const elapsedMs = now - started;
    onProgress({ ...p, elapsedMs, bytesPerSecond: elapsedMs > 0 ? (p.bytesDone / elapsedMs) * 1000 : 0 });
  };
}
