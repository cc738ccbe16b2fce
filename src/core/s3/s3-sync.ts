import type { S3Client } from '@aws-sdk/client-s3';
import type { DiscoveredFile } from '../burr/layout';
import { importPaths } from '../importer/import-paths';
import type { ImportProgress } from '../importer/import-types';
import type { StoreDatabase } from '../store/open-store';
import { countsByProject } from '../store/project-counts';
import {
  advanceHighWaterMark,
  highWaterMarks,
  markS3SourceSynced,
  registerS3Files,
  upsertS3Source,
} from '../store/s3-state';
import { discover } from './cached-file';
import { ProgressThrottle } from './progress-throttle';
import { runPool } from './run-pool';
import { acquireCacheLock } from './s3-cache-lock';
import { s3CacheRoot } from './s3-cache-paths';
import { createS3Client, DEFAULT_CLIENT_TUNING, defaultRegion } from './s3-client';
import { downloadObject, headObjectMeta, type S3ObjectMeta } from './s3-download';
import { errorCode, type S3ErrorContext, S3SyncCancelled, S3SyncError, toS3SyncError } from './s3-errors';
import {
  type ListCall,
  listCall,
  listObjectPages,
  listProjects,
  lookbackStartAfter,
  type S3Project,
} from './s3-listing';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './s3-retry';
import {
  parseS3SourceConfig,
  type S3SourceConfig,
  type S3SourceConfigInput,
  s3SourceLocation,
} from './s3-source-config';
import { type Item, lastContiguousDone, planPage } from './s3-sync-plan';
import {
  DEFAULT_LOOKBACK_MS,
  type S3SyncOptions,
  type S3SyncProgress,
  type S3SyncSummary,
} from './s3-sync-types';
import { addImportSummary } from './summary-totals';

/**
 * Syncs one S3 source into the library: list what is new in the bucket,
 * download it into a local cache that mirrors the bucket, import the cached
 * files with the ordinary importer. Download and import are separate steps: a
 * failure while talking to S3 never leaves half an object in the database,
 * and whatever was imported before it stays consistent.
 *
 * Nothing is imported twice: S3 objects are immutable and the importer is
 * incremental per file path. The per-project high-water mark only saves
 * listing work; it moves past a key only once that key is imported.
 */

export { defaultS3CacheDir, s3CacheRoot } from './s3-cache-paths';
export type { S3SyncOptions, S3SyncProgress, S3SyncSummary } from './s3-sync-types';

const PROGRESS_INTERVAL_MS = 100;
const MAX_CONCURRENCY = 64;

export async function syncS3Source(
  db: StoreDatabase,
  input: S3SourceConfigInput | S3SourceConfig,
  options: S3SyncOptions,
): Promise<S3SyncSummary> {
  const source = parseS3SourceConfig(input);
  if (process.platform === 'win32') {
    // Burr's time folders are named `MM:SS.ffffff`, which Windows cannot use as a file name.
    throw new S3SyncError(
      'other',
      'Syncing a bucket is not supported on Windows yet (Burr names folders with ":"). Download the bucket with "aws s3 sync" into a folder and open that folder instead.',
      'UnsupportedPlatform',
    );
  }
  const concurrency = Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(options.concurrency ?? 8)));
  const client = createS3Client(source, {
    ...DEFAULT_CLIENT_TUNING,
    ...options.timeouts,
    maxSockets: concurrency,
  });
  const release = acquireCacheLock(s3CacheRoot(options.cacheDir, source.bucket), `s3://${source.bucket}`);
  try {
    return await new S3Sync(db, source, client, { ...options, concurrency }).run();
  } finally {
    release();
    client.destroy();
  }
}

class S3Sync {
  private readonly started = performance.now();
  private readonly shouldCancel: () => boolean;
  private readonly retry: RetryPolicy;
  private readonly ctx: S3ErrorContext;
  private readonly list: ListCall;
  private readonly location: string;
  private readonly pageSize: number;
  private readonly totals: S3SyncSummary;
  private projects: S3Project[] = [];
  private projectsDone = 0;
  private currentProject: string | null = null;
  private importProgress: ImportProgress | null = null;
  private readonly throttle = new ProgressThrottle<S3SyncProgress['phase']>(PROGRESS_INTERVAL_MS, (phase) =>
    this.send(phase),
  );

  constructor(
    private readonly db: StoreDatabase,
    private readonly source: S3SourceConfig,
    private readonly client: S3Client,
    private readonly options: S3SyncOptions & { concurrency: number },
  ) {
    this.shouldCancel = options.shouldCancel ?? (() => false);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.ctx = {
      bucket: source.bucket,
      prefix: source.prefix,
      region: source.region ?? defaultRegion(),
      ...(source.endpoint ? { endpoint: source.endpoint } : {}),
      ...(source.profile ? { profile: source.profile } : {}),
    };
    this.location = s3SourceLocation(source);
    this.pageSize = Math.max(1, Math.min(1000, Math.floor(options.pageSize ?? 1000)));
    this.list = listCall(client, source.bucket);
    this.totals = {
      files: 0,
      files_read: 0,
      files_unchanged: 0,
      file_errors: 0,
      bytes: 0,
      lines: 0,
      quarantined: 0,
      invalid_utf8_lines: 0,
      seconds: 0,
      cancelled: false,
      rereads: [],
      errors: [],
      projects: {},
      changed_apps: [],
      listed: 0,
      downloaded: 0,
      skipped: 0,
      downloadBytes: 0,
      ignored: 0,
      retries: 0,
      sourceId: null,
      location: this.location,
    };
  }

  async run(): Promise<S3SyncSummary> {
    try {
      this.progress('listing', null, true);
      this.projects = await this.s3((list) => listProjects(list, this.source.prefix));
      // Only now, with the bucket known to answer, does the database change.
      const sourceId = upsertS3Source(this.db, this.location, JSON.stringify(this.source));
      this.totals.sourceId = sourceId;
      const marks = highWaterMarks(this.db, sourceId);
      for (const project of this.projects) {
        this.currentProject = project.name;
        await this.syncProject(sourceId, project, marks.get(project.name));
        this.projectsDone++;
      }
      markS3SourceSynced(this.db, sourceId);
    } catch (error) {
      this.throttle.cancel();
      if (!(error instanceof S3SyncCancelled)) throw error;
      this.totals.cancelled = true;
      if (this.totals.sourceId !== null) markS3SourceSynced(this.db, this.totals.sourceId);
    }
    this.totals.projects = countsByProject(
      this.db,
      this.projects.map((p) => p.name),
    );
    this.totals.seconds = (performance.now() - this.started) / 1000;
    this.currentProject = null;
    this.progress('done', null, true);
    return this.totals;
  }

  /** Runs one listing call (with its retries); a failure becomes an S3SyncError that says what to do. */
  private async s3<T>(op: (list: ListCall) => Promise<T>): Promise<T> {
    const retried: ListCall = (input) =>
      withRetry(
        () => this.list(input),
        this.retry,
        this.shouldCancel,
        () => {
          this.totals.retries++;
        },
      );
    try {
      return await op(retried);
    } catch (error) {
      if (error instanceof S3SyncCancelled) throw error;
      throw this.wrap(error);
    }
  }

  private wrap(error: unknown): S3SyncError {
    const wrapped = toS3SyncError(error, this.ctx);
    if (this.totals.sourceId === null) return wrapped;
    // Pages synced before the failure are complete in the library; say so.
    return new S3SyncError(
      wrapped.kind,
      `${wrapped.message} Objects synced before this error are kept; the next sync continues from there.`,
      wrapped.code,
      { cause: error },
    );
  }

  private async syncProject(sourceId: number, project: S3Project, mark: string | undefined): Promise<void> {
    const startAfter = this.options.rescan
      ? undefined
      : lookbackStartAfter(project.keyPrefix, mark, this.options.lookbackMs ?? DEFAULT_LOOKBACK_MS);
    // Once a key could not be completed, the mark must not pass it in this run.
    let blocked = false;
    const pages = await this.s3(async (list) =>
      listObjectPages(list, project.keyPrefix, startAfter, this.pageSize),
    );
    for (;;) {
      if (this.shouldCancel()) throw new S3SyncCancelled('cancelled');
      this.progress('listing', null, true);
      const next = await this.s3(() => pages.next());
      if (next.done) return;
      const items = planPage(this.db, this.options.cacheDir, this.source.bucket, next.value, this.totals);
      await this.fetch(items);
      this.importItems(sourceId, items);
      const lastDone = lastContiguousDone(this.db, items);
      if (!blocked && lastDone !== null) advanceHighWaterMark(this.db, sourceId, project.name, lastDone);
      if (lastDone !== items.at(-1)?.object.key) blocked = true;
      if (this.totals.cancelled || this.shouldCancel()) throw new S3SyncCancelled('cancelled');
    }
  }

  /** Downloads what is missing (and fetches metadata that was never stored), `concurrency` at a time. */
  private async fetch(items: Item[]): Promise<void> {
    const work = items.filter((i) => i.state === 'download' || (i.state === 'cached' && i.meta === null));
    if (work.length === 0) return;
    this.progress('downloading', null, true);
    // After one object fails for good, the others stop too (at their next chunk or backoff)
    // instead of finishing a page that will not be imported in this run.
    let failed = false;
    const stop = (): boolean => failed || this.shouldCancel();
    await runPool(work, this.options.concurrency, async (item) => {
      const target = item.path;
      if (!target) return;
      try {
        await withRetry(
          async () => {
            if (item.state === 'cached') {
              item.meta = await headObjectMeta(this.client, this.source.bucket, item.object);
              return;
            }
            const result = await downloadObject({
              client: this.client,
              bucket: this.source.bucket,
              object: item.object,
              dest: target,
              idleTimeoutMs: this.options.timeouts?.idleTimeoutMs ?? DEFAULT_CLIENT_TUNING.idleTimeoutMs,
              shouldCancel: stop,
              onBytes: (n) => {
                this.totals.downloadBytes += n;
                this.progress('downloading', null);
              },
            });
            item.meta = result.meta;
            this.totals.downloaded++;
          },
          this.retry,
          stop,
          () => {
            this.totals.retries++;
          },
        );
      } catch (error) {
        if (error instanceof S3SyncCancelled) throw error;
        const code = errorCode(error);
        if (code === 'NoSuchKey' || code === 'NotFound') {
          // Deleted (a lifecycle rule?) since it was listed: nothing left to sync.
          item.vanished = true;
          this.totals.errors.push({
            path: `s3://${this.source.bucket}/${item.object.key}`,
            message: 'deleted from the bucket after it was listed: skipped',
          });
          return;
        }
        failed = true;
        throw this.wrap(error);
      }
      this.progress('downloading', null);
    });
  }

  /** Registers the page's files (source, S3 metadata) and imports them with the ordinary importer. */
  private importItems(sourceId: number, items: Item[]): void {
    const ready = items.filter(
      (i): i is Item & { path: string; meta: S3ObjectMeta } =>
        (i.state === 'download' || i.state === 'cached') && !i.vanished && i.path !== null && i.meta !== null,
    );
    if (ready.length === 0) return;
    const entries: { file: DiscoveredFile; s3Meta: string }[] = [];
    for (const item of ready) {
      const file = discover(item.path);
      if (file) entries.push({ file, s3Meta: JSON.stringify(item.meta) });
    }
    registerS3Files(this.db, sourceId, entries);
    this.progress('importing', null, true);
    const summary = importPaths(
      this.db,
      entries.map((e) => e.file.path),
      {
        sourceKind: 's3',
        // The files were registered under the S3 source above; an empty list keeps the
        // importer from adding a 'folder'-style source for the cache paths.
        sourceLocations: [],
        // A page's project totals would be dropped: the sync counts its projects once, at the end.
        countProjects: false,
        shouldCancel: this.shouldCancel,
        ...(this.options.maxLineBytes ? { maxLineBytes: this.options.maxLineBytes } : {}),
        ...(this.options.readerWorkerFile ? { readerWorkerFile: this.options.readerWorkerFile } : {}),
        // The importer throttles its own reports.
        onProgress: (p) => this.emit('importing', p),
      },
    );
    addImportSummary(this.totals, summary);
  }

  /** Sends the sync's progress now, with the importer's own while a page is imported. */
  private emit(phase: S3SyncProgress['phase'], importProgress: ImportProgress | null): void {
    this.importProgress = importProgress;
    this.throttle.sendNow(phase);
  }

  private progress(
    phase: S3SyncProgress['phase'],
    importProgress: ImportProgress | null,
    force = false,
  ): void {
    if (!this.options.onProgress) return;
    this.importProgress = importProgress;
    this.throttle.report(phase, force);
  }

  private send(phase: S3SyncProgress['phase']): void {
    const elapsedMs = performance.now() - this.started;
    this.options.onProgress?.({
      phase,
      project: this.currentProject,
      projectsDone: this.projectsDone,
      projectsTotal: this.projects.length,
      listed: this.totals.listed,
      downloaded: this.totals.downloaded,
      skipped: this.totals.skipped,
      downloadBytes: this.totals.downloadBytes,
      elapsedMs,
      downloadBytesPerSecond: elapsedMs > 0 ? (this.totals.downloadBytes / elapsedMs) * 1000 : 0,
      import: this.importProgress,
    });
  }
}
