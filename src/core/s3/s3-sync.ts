import { statSync } from 'node:fs';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { classifyPath, type DiscoveredFile } from '../burr/layout';
import { importPaths } from '../importer/import-paths';
import type { ImportProgress, ImportSummary } from '../importer/import-types';
import type { StoreDatabase } from '../store/open-store';
import { countsByProject } from '../store/project-counts';
import {
  advanceHighWaterMark,
  highWaterMarks,
  markS3SourceSynced,
  registerS3Files,
  s3FileStates,
  upsertS3Source,
} from '../store/s3-state';
import { acquireCacheLock } from './s3-cache-lock';
import { createS3Client, DEFAULT_CLIENT_TUNING, defaultRegion, type S3ClientTuning } from './s3-client';
import {
  cachePathForKey,
  downloadObject,
  headObjectMeta,
  parseS3ObjectMeta,
  type S3ObjectMeta,
} from './s3-download';
import { errorCode, type S3ErrorContext, S3SyncCancelled, S3SyncError, toS3SyncError } from './s3-errors';
import {
  type ListCall,
  type ListedObject,
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

export interface S3SyncProgress {
  phase: 'listing' | 'downloading' | 'importing' | 'done';
  project: string | null;
  projectsDone: number;
  projectsTotal: number;
  /** Burr objects listed so far (new ones, plus those re-listed by the lookback). */
  listed: number;
  downloaded: number;
  skipped: number;
  downloadBytes: number;
  elapsedMs: number;
  downloadBytesPerSecond: number;
  /** The importer's own progress while a page of objects is imported, else null. */
  import: ImportProgress | null;
}

export interface S3SyncOptions {
  /** The local cache: objects land in `<cacheDir>/<bucket>/<key>` and stay there (the library reads lines back from them). */
  cacheDir: string;
  /** Parallel downloads. Default 8. */
  concurrency?: number;
  onProgress?: (progress: S3SyncProgress) => void;
  /** Checked between objects, between chunks of a download and by the importer; true stops after committing what is complete. */
  shouldCancel?: () => boolean;
  /** How far before a project's high-water mark the listing restarts, for late uploads (see lookbackStartAfter). Default 5 minutes. */
  lookbackMs?: number;
  /** List every key again: catches uploads older than the lookback, and fetches files lost from the cache. Imported objects are not downloaded or imported again. */
  rescan?: boolean;
  /** Keys per listing page, 1..1000; each page is downloaded and imported before the next. Default 1000. */
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Pick<S3ClientTuning, 'connectTimeoutMs' | 'idleTimeoutMs'>>;
  /** Passed to the importer. */
  maxLineBytes?: number;
  /** Passed to the importer: its reader worker's script, when the host bundles it (Electron). */
  readerWorkerFile?: string;
}

export interface S3SyncSummary extends ImportSummary {
  /** Burr objects the listing returned. */
  listed: number;
  downloaded: number;
  /** Listed but not downloaded: already imported, or already complete in the cache. */
  skipped: number;
  downloadBytes: number;
  /** Keys that are no Burr tracker file, or not safe as a local path. */
  ignored: number;
  /** Retried S3 calls (throttling, 5xx, dropped connections). */
  retries: number;
  sourceId: number | null;
  location: string;
}

export const DEFAULT_LOOKBACK_MS = 5 * 60_000;
const PROGRESS_INTERVAL_MS = 100;
const MAX_CONCURRENCY = 64;

type ItemState = 'ignored' | 'imported' | 'cached' | 'download';

interface Item {
  object: ListedObject;
  path: string | null;
  state: ItemState;
  meta: S3ObjectMeta | null;
  /** Deleted from the bucket between listing and download. */
  vanished: boolean;
}

/** The cache folder of a source's bucket, e.g. for a "Show in folder" or a cache-size display. */
export function s3CacheRoot(cacheDir: string, bucket: string): string {
  return path.join(path.resolve(cacheDir), bucket);
}

/** Where the app keeps its S3 cache by default: next to its database. */
export function defaultS3CacheDir(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), 's3-cache');
}

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
  private lastProgress = 0;
  private lastPhase: S3SyncProgress['phase'] | null = null;
  private trailing: NodeJS.Timeout | null = null;

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
      if (this.trailing) clearTimeout(this.trailing);
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
      const items = this.plan(next.value);
      await this.fetch(items);
      this.importItems(sourceId, items);
      const lastDone = this.lastContiguousDone(items);
      if (!blocked && lastDone !== null) advanceHighWaterMark(this.db, sourceId, project.name, lastDone);
      if (lastDone !== items.at(-1)?.object.key) blocked = true;
      if (this.totals.cancelled || this.shouldCancel()) throw new S3SyncCancelled('cancelled');
    }
  }

  /** Decides per object: nothing to do, import from the cache, or download first. */
  private plan(objects: readonly ListedObject[]): Item[] {
    const paths = objects.map((o) => cachePathForKey(this.options.cacheDir, this.source.bucket, o.key));
    const states = s3FileStates(
      this.db,
      paths.filter((p): p is string => p !== null),
    );
    return objects.map((object, i): Item => {
      const p = paths[i] ?? null;
      const item: Item = { object, path: p, state: 'ignored', meta: null, vanished: false };
      const classified = p ? classifyPath(p) : null;
      if (!p || !classified || classified.layout !== 's3') {
        this.totals.ignored++;
        if (!p)
          this.totals.errors.push({
            path: `s3://${this.source.bucket}/${object.key}`,
            message: 'skipped: the key cannot be a local file name safely',
          });
        return item;
      }
      this.totals.listed++;
      const row = states.get(p);
      const stored = parseS3ObjectMeta(row?.s3Meta ?? null);
      // S3 objects are immutable unless someone overwrote the key: a new ETag means new content.
      const replaced = stored?.etag != null && object.etag != null && stored.etag !== object.etag;
      item.meta = replaced ? null : stored;
      const onDisk = sizeOnDisk(p);
      if (row && !replaced && row.size === object.size && (row.importedAt !== null || row.error !== null)) {
        // Imported; the library reads lines back from the cached file, so a file lost from the
        // cache is fetched again (the importer then finds nothing new in it).
        if (onDisk === object.size) {
          item.state = 'imported';
          this.totals.skipped++;
          return item;
        }
      }
      item.state = !replaced && onDisk === object.size ? 'cached' : 'download';
      if (item.state === 'cached') this.totals.skipped++;
      return item;
    });
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
        shouldCancel: this.shouldCancel,
        ...(this.options.maxLineBytes ? { maxLineBytes: this.options.maxLineBytes } : {}),
        ...(this.options.readerWorkerFile ? { readerWorkerFile: this.options.readerWorkerFile } : {}),
        // The importer throttles its own reports.
        onProgress: (p) => this.emit('importing', p),
      },
    );
    this.addImport(summary);
  }

  /** The last key of the page up to which every object is finished (imported, or nothing to do). */
  private lastContiguousDone(items: Item[]): string | null {
    const paths = items.map((i) => i.path).filter((p): p is string => p !== null);
    const states = s3FileStates(this.db, paths);
    let last: string | null = null;
    for (const item of items) {
      const row = item.path ? states.get(item.path) : undefined;
      const done =
        item.state === 'ignored' ||
        item.vanished ||
        (row !== undefined &&
          row.size === item.object.size &&
          (row.importedAt !== null || row.error !== null));
      if (!done) break;
      last = item.object.key;
    }
    return last;
  }

  private addImport(s: ImportSummary): void {
    const t = this.totals;
    t.files += s.files;
    t.files_read += s.files_read;
    t.files_unchanged += s.files_unchanged;
    t.file_errors += s.file_errors;
    t.bytes += s.bytes;
    t.lines += s.lines;
    t.quarantined += s.quarantined;
    t.invalid_utf8_lines += s.invalid_utf8_lines;
    t.cancelled ||= s.cancelled;
    t.rereads.push(...s.rereads);
    t.errors.push(...s.errors);
    t.changed_apps = [...new Set([...(t.changed_apps ?? []), ...(s.changed_apps ?? [])])];
  }

  private progress(
    phase: S3SyncProgress['phase'],
    importProgress: ImportProgress | null,
    force = false,
  ): void {
    if (!this.options.onProgress) return;
    const now = performance.now();
    const due = force || phase !== this.lastPhase || now - this.lastProgress >= PROGRESS_INTERVAL_MS;
    if (!due) {
      // Throttled, but the latest state is still reported shortly: a sync that then waits
      // on a slow download must not leave the last count unseen.
      this.trailing ??= setTimeout(() => {
        this.trailing = null;
        this.emit(phase, importProgress);
      }, PROGRESS_INTERVAL_MS);
      this.trailing.unref?.();
      return;
    }
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = null;
    this.emit(phase, importProgress);
  }

  private emit(phase: S3SyncProgress['phase'], importProgress: ImportProgress | null): void {
    const now = performance.now();
    this.lastProgress = now;
    this.lastPhase = phase;
    const elapsedMs = now - this.started;
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
      import: importProgress,
    });
  }
}

function sizeOnDisk(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** The importer's view of a cached file, built the way its own scan builds it. */
function discover(file: string): DiscoveredFile | null {
  const classified = classifyPath(file);
  if (!classified) return null;
  try {
    const st = statSync(file);
    return { ...classified, size: st.size, mtimeMs: st.mtimeMs, identity: `${st.dev}:${st.ino}` };
  } catch {
    return null;
  }
}

/**
 * Runs `work` over `items`, at most `limit` at a time. After the first
 * failure no new item starts; the ones running are awaited (no download keeps
 * writing after the sync returned) and the first failure is thrown.
 */
async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  // Read through a function: TypeScript would otherwise keep the `null` it narrowed to in the loop.
  const state: { failure: { error: unknown } | null } = { failure: null };
  const failure = (): { error: unknown } | null => state.failure;
  const worker = async (): Promise<void> => {
    while (failure() === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        const first = failure();
        // A real failure wins over the cancellations it caused in the other workers.
        if (first === null || (first.error instanceof S3SyncCancelled && !(error instanceof S3SyncCancelled)))
          state.failure = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (state.failure !== null) throw state.failure.error;
}
