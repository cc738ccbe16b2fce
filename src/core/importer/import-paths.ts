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
import { PlanQueue } from './plan-queue';
import { unpackFiles } from './reader-protocol';
import { ReaderWorkerClient } from './reader-worker-client';

const PROGRESS_INTERVAL_MS = 100;
/**
 * Below this many new bytes, and this many files to read, a reader thread's start-up (~0.15 s) costs more
 * than it saves; a watcher's re-import of a few changed files never pays it.
 */
const PARALLEL_THRESHOLD_BYTES = 16 * 1024 * 1024;
const PARALLEL_THRESHOLD_FILES = 256;
/**
 * How far the reader may read ahead of the writer: enough to keep it busy, little enough that the end
 * of an import does not wait long on it (and memory stays bounded).
 */
const READ_AHEAD_BYTES = 8 * 1024 * 1024;
/**
 * How far the walk may run ahead of the reading, in files planned and not yet read (sent to the
 * reader or not). A walk is much faster than reading, so unbounded it would plan every file of a
 * tree long before reading them, and the plan (a few hundred bytes a file) would grow with the
 * tree: 170 MB of live heap midway through a 458k-file import, for a peak RSS of 650-700 MB.
 * Bounded, memory stays flat whatever the tree's size; a tree of more files only learns its total
 * later (until then the progress bar says it is still finding files).
 */
const MAX_PLANNED_FILES = 50_000;

/**
 * Imports every Burr file under `roots` (folders of either layout, or single
 * files) into the store: only bytes not imported before are read. Safe to run
 * again at any time; safe to kill at any moment.
 *
 * This thread walks the tree, decides what to read and writes every row.
 * Once the walk has found more new bytes than PARALLEL_THRESHOLD_BYTES, a
 * reader worker starts on the other core; while it starts up, this thread
 * keeps reading files itself, then hands it all reading and parsing and only
 * writes, so the two halves of a big import overlap.
 */
export function importPaths(
  db: StoreDatabase,
  roots: readonly string[],
  options: ImportOptions = {},
): ImportSummary {
  return new ImportRun(db, roots, options).run();
}

class ImportRun {
  private readonly started = performance.now();
  private readonly writer: ImportWriter;
  private readonly planner: ImportPlanner;
  private walker: TreeWalker;
  private readonly tx: BatchTransaction;
  private readonly ctx: FileImportContext;
  private readonly report: (p: Omit<ImportProgress, 'elapsedMs' | 'bytesPerSecond'>, force?: boolean) => void;
  private readonly counters = { bytes: 0, lines: 0, quarantined: 0, invalidUtf8: 0 };
  private readonly errors: ImportSummary['errors'] = [];
  private readonly rereads: ImportSummary['rereads'] = [];
  /** Planned, not yet read (nor sent to the reader). */
  private readonly queue = new PlanQueue();
  private filesDone = 0;
  private filesRead = 0;
  private filesReadByWorker = 0;
  private fileErrors = 0;
  private cancelled = false;
  private currentFile: string | null = null;
  /**
   * The reader worker has part of the walk that it has not finished. This thread walks the other
   * part only when it would otherwise wait for the reader, and hands what is left of it over when
   * the reader's part is done.
   */
  private readerWalks = false;
  private readonly maxPlanned: number;

  constructor(
    private readonly db: StoreDatabase,
    roots: readonly string[],
    private readonly options: ImportOptions,
  ) {
    this.writer = new ImportWriter(db);
    this.planner = new ImportPlanner(
      db,
      this.writer,
      options.sourceLocations ?? roots,
      options.sourceKind ?? 'folder',
    );
    this.walker = TreeWalker.fromRoots(roots);
    this.maxPlanned = options.maxPlannedFiles ?? MAX_PLANNED_FILES;
    this.report = progressReporter(this.started, options.onProgress);
    this.tx = new BatchTransaction(
      db,
      options.batchLines ?? 20_000,
      options.batchBytes ?? 32 * 1024 * 1024,
      () => this.writer.flushFacts(),
      () => this.writer.flushRows(),
    );
    this.ctx = {
      db,
      writer: this.writer,
      tx: this.tx,
      scratch: { buf: Buffer.allocUnsafe(4 * 1024 * 1024) },
      maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
      counters: this.counters,
      shouldCancel: options.shouldCancel ?? (() => false),
      rereads: this.rereads,
      onChunk: () => this.report(this.progress(this.walkDone ? 'importing' : 'scanning')),
    };
  }

  run(): ImportSummary {
    this.report(this.progress('scanning'), true);
    let reader: ReaderWorkerClient | null = null;
    const restoreTempStore = journalsInMemory(this.db);
    this.tx.begin();
    try {
      const threshold = this.options.parallelThresholdBytes ?? PARALLEL_THRESHOLD_BYTES;
      const files = Number.isFinite(threshold) ? PARALLEL_THRESHOLD_FILES : Number.POSITIVE_INFINITY;
      while (!this.walker.done && this.planner.bytesToRead < threshold && this.planner.filesToRead < files)
        this.walkStep();
      if (!this.walker.done) reader = ReaderWorkerClient.start(this.options.readerWorkerFile);
      // Until the reader has started (or without one: a small import), walk and read here.
      let more = true;
      if (reader && this.options.waitForReader) reader.waitUntilReady();
      while (more && !this.cancelled && !(reader?.ready ?? false)) more = this.readOneHere();
      if (reader && !this.cancelled) {
        // The reader walks half of the rest of the tree; this thread keeps planning and writing.
        if (!this.walker.done) {
          reader.walk(this.walker.splitOff());
          this.readerWalks = true;
        }
        this.readWithWorker(reader);
      }
      if (this.cancelled) this.writer.forgetUnreadFiles(this.planner.unreadNewFiles);
      for (const id of this.planner.touchedSources) this.writer.markSourceImported(id);
      this.tx.end();
    } catch (error) {
      // A database error (disk full, locked for too long): keep what was committed, stop here.
      this.tx.rollback();
      throw error;
    } finally {
      reader?.close();
      restoreTempStore();
    }
    return this.summary();
  }

  /** Reads the next planned file in this thread (walking on to find one); false when there is nothing left. */
  private readOneHere(): boolean {
    // Once the reader walks, this thread walks only when it would wait for the reader (readWithWorker).
    while (this.queue.length === 0 && !this.readerWalks && !this.walker.done) this.walkStep();
    const planned = this.queue.shift();
    if (!planned) return false;
    if (this.ctx.shouldCancel()) {
      this.cancelled = true;
      return false;
    }
    this.currentFile = planned.file.path;
    this.finishFile(
      planned,
      planned.kind === 'log'
        ? importLogFile(this.ctx, planned.file, planned.fileRef, planned.appRef, planned.row)
        : importAppSidecar(this.ctx, planned),
    );
    return true;
  }

  /** Whether every file of the tree has been found (by this thread or by the reader). */
  private get walkDone(): boolean {
    return !this.readerWalks && this.walker.done;
  }

  /**
   * The parallel part. The reader walks and is kept a short distance ahead
   * with tasks; its answers are applied in order. When its next message is
   * not there yet, this thread does not wait: it reads the next planned file
   * itself. So both cores stay busy whichever half of the work is heavier for
   * this tree (files are independent, so their order is free).
   */
  private readWithWorker(reader: ReaderWorkerClient): void {
    const { ctx } = this;
    const inflight = new PlanQueue();
    let inflightBytes = 0;
    let applier: FileApplier | null = null;
    // Planned and not yet read, sent to the reader or not: the walks wait while it is MAX_PLANNED_FILES.
    const planFull = (): boolean => this.queue.length + inflight.length >= this.maxPlanned;
    for (;;) {
      while (inflightBytes < READ_AHEAD_BYTES || inflight.length === 0) {
        if (this.queue.length === 0 && !this.readerWalks && !this.walker.done) {
          this.walkStep();
          continue;
        }
        const planned = this.queue.shift();
        if (!planned) break;
        if (planned.kind === 'log')
          reader.readLog(fileTask(planned.fileRef, planned.file, planned.row, ctx.maxLineBytes));
        else reader.readSidecar(sidecarTask(planned, ctx.maxLineBytes));
        inflight.push(planned);
        inflightBytes += planned.newBytes;
      }
      reader.flush();
      reader.pauseWalk(planFull());
      const planned = inflight.peek();
      if (!planned && this.walkDone) return;
      let message = reader.poll();
      if (!message) {
        // A file half-applied from the reader has a savepoint open: finish it before reading another here.
        if (applier === null && this.queue.length > 0) {
          if (!this.readOneHere()) return;
          continue;
        }
        // Or walk on in its own part of the tree (planning writes rows: never inside a file's savepoint),
        // as far ahead as the reader's part may go.
        if (applier === null && !this.walker.done && !planFull()) {
          this.walkStep();
          continue;
        }
        message = reader.next();
      }
      if (message.type === 'found') {
        this.takeFound(unpackFiles(message.files), message.errors);
        if (message.walkDone) {
          this.readerWalks = false;
          // The reader's part is done first: it walks what is left of this thread's part too.
          if (!this.walker.done) {
            const rest = this.walker.state();
            reader.walk(rest);
            this.walker = TreeWalker.resume({ ...rest, stack: [] });
            this.readerWalks = true;
          }
        }
        continue;
      }
      if (!planned || message.taskId !== planned.taskId)
        throw new Error(
          `reader worker out of order: got file ${message.taskId}, expected ${planned?.taskId}`,
        );
      this.currentFile = planned.file.path;
      let result: FileResult | null;
      let goOn = true;
      if (message.type === 'sidecar') {
        if (planned.kind !== 'sidecar')
          throw new Error(`reader worker answered a sidecar for ${planned.file.path}`);
        result = applySidecar(ctx, planned, message);
      } else {
        if (planned.kind !== 'log')
          throw new Error(`reader worker answered log lines for ${planned.file.path}`);
        applier ??= new FileApplier(ctx, planned.file, planned.fileRef, planned.appRef, planned.row);
        goOn = applier.handle(message);
        result = applier.result;
      }
      if (result !== null) {
        applier = null;
        inflight.shift();
        inflightBytes -= planned.newBytes;
        this.filesReadByWorker++;
        this.finishFile(planned, result);
      }
      if (!goOn || this.cancelled) return;
      // Between files: everything applied so far is complete and will be committed.
      if (applier === null && ctx.shouldCancel()) {
        this.cancelled = true;
        return;
      }
    }
  }

  private walkStep(): void {
    const batch: WalkBatch = { files: [], errors: [] };
    this.walker.step(batch);
    this.takeFound(batch.files, batch.errors);
  }

  /** Files and errors found by either walker: errors are reported, files planned and queued. */
  private takeFound(files: readonly DiscoveredFile[], errors: readonly ScanError[]): void {
    for (const e of errors) this.reportSkipped(e.path, e.message);
    this.queue.push(this.planner.plan(files));
    for (const d of this.planner.duplicates.splice(0)) {
      this.reportSkipped(d.path, `the same file as ${d.sameAs} (another path to it): imported once`);
    }
    for (const u of this.planner.unplannable.splice(0)) this.reportSkipped(u.path, u.message);
  }

  /** What the walk or the plan left out, in the summary and as a notice in Problems. */
  private reportSkipped(path: string, message: string): void {
    this.errors.push({ path, message });
    this.writer.noticeOnce(path, 'warning', message);
  }

  private finishFile(planned: PlannedFile, result: FileResult): void {
    if (planned.kind === 'log') this.planner.unreadNewFiles.delete(planned.fileRef);
    if (result === 'error') {
      this.fileErrors++;
      const message =
        planned.kind === 'log'
          ? this.writer.getFile(planned.file.path)?.error
          : this.writer.sidecars.get(planned.appRef, planned.file)?.error;
      if (message) this.errors.push({ path: planned.file.path, message });
    } else if (result === 'cancelled') this.cancelled = true;
    else this.filesRead++;
    this.filesDone++;
    if (this.tx.full) this.tx.commit();
    this.ctx.onChunk();
  }

  private progress(phase: ImportProgress['phase']): Omit<ImportProgress, 'elapsedMs' | 'bytesPerSecond'> {
    return {
      phase,
      filesDone: this.filesDone,
      filesTotal: this.planner.filesToRead,
      bytesDone: this.counters.bytes,
      bytesTotal: this.planner.bytesToRead,
      lines: this.counters.lines,
      quarantined: this.counters.quarantined,
      currentFile: this.currentFile,
      origin: { kind: 'folder' },
    };
  }

  private summary(): ImportSummary {
    const { planner, counters } = this;
    const summary: ImportSummary = {
      files: planner.filesFound,
      files_read: this.filesRead,
      files_unchanged: planner.filesUnchanged,
      file_errors: this.fileErrors,
      bytes: counters.bytes,
      lines: counters.lines,
      quarantined: counters.quarantined,
      invalid_utf8_lines: counters.invalidUtf8,
      seconds: (performance.now() - this.started) / 1000,
      cancelled: this.cancelled,
      rereads: this.rereads,
      errors: this.errors,
      projects: this.options.countProjects === false ? {} : countsByProject(this.db, [...planner.projects]),
      changed_apps: [...this.writer.changedApps],
      files_read_by_worker: this.filesReadByWorker,
    };
    this.currentFile = null;
    this.report(this.progress('done'), true);
    return summary;
  }
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

/**
 * Statement and savepoint journals in memory while importing, not in temp files: the importer's
 * multi-row statements and per-file savepoints copied about 300k pages (1.2 GB in 600k pwrite
 * calls) into /var/tmp on a 100 MB line-heavy corpus, as a journal that once spilled to disk is
 * never truncated back. Only for the import: other queries keep spilling big sorts to disk.
 * Changing temp_store drops the connection's TEMP tables and triggers; Stream Lens creates none.
 */
function journalsInMemory(db: StoreDatabase): () => void {
  const before = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('temp_store = MEMORY');
  return () => db.pragma(`temp_store = ${before}`);
}
