import { randomUUID } from 'node:crypto';
import type { ImportProgress, ImportSummary } from '../importer/import-types';
import type { ImportRunner, WorkerImportRequest } from '../importer/run-import-in-worker';
import type { EventHub } from './event-hub';
import { importTopics } from './import-topics';

/** What one job imports: folders (or parts of them), or one S3 source's sync. */
export type JobSpec =
  /** `live`: a watcher's re-import of what just changed: quiet (no progress, no summary), only errors and data:changed. */
  | { roots: string[]; sourceLocations?: string[]; live?: boolean }
  | { s3: NonNullable<WorkerImportRequest['s3']>; sourceId: number };

interface QueuedJob {
  jobId: string;
  spec: JobSpec;
  onSettled?: (error: (Error & { kind?: string | null }) | null) => void;
}

/**
 * Runs imports one at a time (SQLite has one writer), in a worker, reporting
 * progress as events. Requests made while one runs wait their turn.
 */
export class ImportJobs {
  private queue: QueuedJob[] = [];
  private running: { jobId: string; progress: ImportProgress | null; cancel: () => void } | null = null;
  private runningJob: QueuedJob | null = null;
  private last: ImportSummary | null = null;
  private idleWaiters: (() => void)[] = [];

  /**
   * `problemsStamp`: a value that changes whenever Problems does (store/problem-queries.ts), taken
   * around each job so `data:changed` names Problems only when it changed.
   */
  constructor(
    private readonly databasePath: string,
    private readonly runner: ImportRunner,
    private readonly hub: EventHub,
    private readonly problemsStamp: () => string = () => '',
  ) {}

  /** The Problems stamp, or null when it cannot be taken (the library closed under a job that ends late). */
  private stamp(): string | null {
    try {
      return this.problemsStamp();
    } catch {
      return null;
    }
  }

  enqueue(spec: JobSpec, onSettled?: QueuedJob['onSettled']): string {
    const jobId = randomUUID();
    this.queue.push({ jobId, spec, onSettled });
    this.pump();
    return jobId;
  }

  /** True when a sync of this S3 source is queued or running (auto-sync must not pile them up). */
  hasS3Job(sourceId: number): boolean {
    const isIt = (job: QueuedJob | null | undefined): boolean =>
      !!job && 's3' in job.spec && job.spec.sourceId === sourceId;
    return this.queue.some(isIt) || isIt(this.runningJob);
  }

  cancel(jobId: string): boolean {
    if (this.running?.jobId === jobId) {
      this.running.cancel();
      return true;
    }
    const before = this.queue.length;
    this.queue = this.queue.filter((job) => job.jobId !== jobId);
    return this.queue.length < before;
  }

  status() {
    return {
      running: this.running ? { jobId: this.running.jobId, progress: this.running.progress } : null,
      last: this.last,
    };
  }

  /** Resolves when nothing is running or queued (tests, CLI, shutdown). */
  whenIdle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    const spec = job.spec;
    const live = 'roots' in spec && spec.live === true;
    let finished: ImportSummary | null = null;
    const problemsBefore = this.stamp();
    const handle = this.runner({
      databasePath: this.databasePath,
      ...('s3' in spec
        ? { roots: [], s3: spec.s3 }
        : { roots: spec.roots, sourceLocations: spec.sourceLocations }),
      // Its summary is not shown: no project totals to count before its data:changed.
      ...(live ? { countProjects: false } : {}),
      onProgress: (progress) => {
        if (live) return;
        if (this.running) this.running.progress = progress;
        this.hub.emit('import:progress', { jobId: job.jobId, progress });
      },
    });
    this.running = { jobId: job.jobId, progress: null, cancel: handle.cancel };
    this.runningJob = job;
    // Not running any more by the time anyone hears it ended (a listener may ask import:status at once).
    const stopped = (): void => {
      this.running = null;
      this.runningJob = null;
    };
    handle.done
      .then((summary) => {
        stopped();
        finished = summary;
        job.onSettled?.(null);
        if (live) return;
        this.last = summary;
        this.hub.emit('import:done', { jobId: job.jobId, summary, error: null });
      })
      .catch((error: unknown) => {
        stopped();
        const err = error instanceof Error ? error : new Error(String(error));
        job.onSettled?.(err);
        this.hub.emit('import:done', { jobId: job.jobId, summary: null, error: err.message });
      })
      .finally(() => {
        stopped();
        const apps = finished?.changed_apps;
        this.hub.emit('data:changed', {
          reason: live ? 'live import' : 'import',
          topics: importTopics(finished, problemsBefore === null || this.stamp() !== problemsBefore),
          ...(apps ? { apps } : {}),
        });
        this.pump();
      });
  }
}
