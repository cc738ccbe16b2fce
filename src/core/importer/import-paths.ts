import path from 'node:path';
import type { DiscoveredFile } from '../burr/layout';
import { scanPaths } from '../burr/tree-walker';
import { type FileRow, ImportWriter } from '../store/import-writer';
import type { StoreDatabase } from '../store/open-store';
import { countsByProject } from '../store/project-counts';
import { BatchTransaction } from './batch-transaction';
import {
  FileApplier,
  type FileImportContext,
  type FileResult,
  fileTask,
  importAppSidecar,
  importLogFile,
  isUnchanged,
} from './import-file';
import {
  DEFAULT_MAX_LINE_BYTES,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
} from './import-types';
import { ParseWorkerClient } from './parse-worker-client';

const PROGRESS_INTERVAL_MS = 100;
/** Below this many new bytes a worker's start-up costs more than it saves. */
const PARALLEL_THRESHOLD_BYTES = 16 * 1024 * 1024;
/** How far the parse worker may read ahead of the writer (bounds memory). */
const PARSE_AHEAD_BYTES = 64 * 1024 * 1024;

/**
 * Imports every Burr file under `roots` (folders of either layout, or single
 * files) into the store: only bytes not imported before are read. Safe to run
 * again at any time; safe to kill at any moment.
 */
export function importPaths(
  db: StoreDatabase,
  roots: readonly string[],
  options: ImportOptions = {},
): ImportSummary {
  const started = performance.now();
  const writer = new ImportWriter(db);
  const report = progressReporter(started, options.onProgress);
  report(
    {
      phase: 'scanning',
      filesDone: 0,
      filesTotal: 0,
      bytesDone: 0,
      bytesTotal: 0,
      lines: 0,
      quarantined: 0,
      currentFile: null,
    },
    true,
  );

  const scan = scanPaths(roots);
  const sourceOf = sourceResolver(
    db,
    writer,
    options.sourceLocations ?? roots,
    options.sourceKind ?? 'folder',
  );

  // Plan first, so progress can say how many bytes are left to read.
  const plan = scan.files.map((file) => ({ file, row: writer.getFile(file.path) }));
  const todo = plan.filter(({ file, row }) => !isUnchanged(file, row));
  const bytesTotal = todo.reduce(
    (sum, { file, row }) => sum + Math.max(0, file.size - (row?.byte_offset ?? 0)),
    0,
  );

  const counters = { bytes: 0, lines: 0, quarantined: 0, invalidUtf8: 0 };
  const rereads: ImportSummary['rereads'] = [];
  const errors: ImportSummary['errors'] = scan.errors.map((e) => ({ path: e.path, message: e.message }));
  let filesDone = 0;
  let currentFile: string | null = null;
  const tx = new BatchTransaction(
    db,
    options.batchLines ?? 20_000,
    options.batchBytes ?? 32 * 1024 * 1024,
    () => writer.flushFacts(),
  );
  const progressNow = (phase: ImportProgress['phase'], file: string | null) => ({
    phase,
    filesDone,
    filesTotal: todo.length,
    bytesDone: counters.bytes,
    bytesTotal,
    lines: counters.lines,
    quarantined: counters.quarantined,
    currentFile: file,
  });
  const ctx: FileImportContext = {
    db,
    writer,
    tx,
    scratch: { buf: Buffer.allocUnsafe(4 * 1024 * 1024) },
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    counters,
    shouldCancel: options.shouldCancel ?? (() => false),
    rereads,
    onChunk: () => report(progressNow('importing', currentFile)),
  };

  let filesRead = 0;
  let fileErrors = 0;
  let cancelled = false;
  const touchedSources = new Set<number>();
  // Big imports parse in a worker on the other core while this thread writes; small ones stay in-process.
  const parser =
    bytesTotal >= (options.parallelThresholdBytes ?? PARALLEL_THRESHOLD_BYTES)
      ? ParseWorkerClient.start()
      : null;
  const refs = new Map<DiscoveredFile, { fileRef: number; appRef: number; sourceId: number | null }>();
  const refsOf = (file: DiscoveredFile, row: FileRow | undefined) => {
    let r = refs.get(file);
    if (!r) {
      const sourceId = sourceOf(file);
      const appRef = writer.appRef(file);
      r = { fileRef: row?.id ?? writer.ensureFile(sourceId, file, appRef), appRef, sourceId };
      refs.set(file, r);
    }
    return r;
  };
  const logTasks = todo.filter(({ file }) => isLogKind(file));
  let submitted = 0;
  let inflightBytes = 0;
  const submitAhead = (): void => {
    while (parser && submitted < logTasks.length && (inflightBytes < PARSE_AHEAD_BYTES || submitted === 0)) {
      const { file, row } = logTasks[submitted] as (typeof logTasks)[number];
      parser.submit(fileTask(refsOf(file, row).fileRef, file, row, ctx.maxLineBytes));
      inflightBytes += Math.max(0, file.size - (row?.byte_offset ?? 0));
      submitted++;
    }
  };

  tx.begin();
  try {
    for (const { file, row } of todo) {
      if (ctx.shouldCancel()) {
        cancelled = true;
        break;
      }
      currentFile = file.path;
      const { fileRef, appRef, sourceId } = refsOf(file, row);
      if (sourceId !== null) touchedSources.add(sourceId);
      let result: FileResult;
      if (!isLogKind(file)) result = importAppSidecar(ctx, file, fileRef, appRef, row);
      else if (!parser) result = importLogFile(ctx, file, fileRef, appRef, row);
      else {
        submitAhead();
        const applier = new FileApplier(ctx, file, fileRef, appRef, row);
        while (applier.result === null) {
          const message = parser.next();
          if (message.taskId !== fileRef)
            throw new Error(`parse worker out of order: got file ${message.taskId}, expected ${fileRef}`);
          if (!applier.handle(message)) break;
        }
        inflightBytes -= Math.max(0, file.size - (row?.byte_offset ?? 0));
        result = applier.result ?? 'error';
      }
      if (result === 'error') {
        fileErrors++;
        const message = writer.getFile(file.path)?.error;
        if (message) errors.push({ path: file.path, message });
      } else if (result === 'cancelled') {
        cancelled = true;
        break;
      } else filesRead++;
      filesDone++;
      if (tx.full) tx.commit();
      ctx.onChunk();
    }
    for (const id of touchedSources) writer.markSourceImported(id);
    tx.commit();
  } catch (error) {
    // A database error (disk full, locked for too long): keep what was committed, stop here.
    tx.rollback();
    throw error;
  } finally {
    parser?.close();
  }

  const projects = countsByProject(db, [...new Set(scan.files.map((f) => f.project))]);
  const summary: ImportSummary = {
    files: scan.files.length,
    files_read: filesRead,
    files_unchanged: scan.files.length - todo.length,
    file_errors: fileErrors,
    bytes: counters.bytes,
    lines: counters.lines,
    quarantined: counters.quarantined,
    invalid_utf8_lines: counters.invalidUtf8,
    seconds: (performance.now() - started) / 1000,
    cancelled,
    rereads,
    errors,
    projects,
    changed_apps: [...writer.changedApps],
  };
  report(progressNow('done', null), true);
  return summary;
}

function isLogKind(file: DiscoveredFile): boolean {
  return file.kind === 'log' || file.kind === 'children';
}

/** Each root the user opened is a source; a file belongs to the root that contains it. */
function sourceResolver(
  db: StoreDatabase,
  writer: ImportWriter,
  roots: readonly string[],
  kind: 'folder' | 's3',
) {
  const sources = db.transaction(() =>
    roots.map((root) => ({ prefix: path.resolve(root), id: writer.ensureSource(kind, path.resolve(root)) })),
  )();
  // Longest prefix first, so a nested root wins over its parent.
  sources.sort((a, b) => b.prefix.length - a.prefix.length);
  return (file: DiscoveredFile): number | null => {
    const hit = sources.find((s) => file.path === s.prefix || file.path.startsWith(s.prefix + path.sep));
    return hit?.id ?? null;
  };
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
