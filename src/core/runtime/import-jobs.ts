import { randomUUID } from 'node:crypto';
import type { ImportProgress, ImportSummary } from '../importer/import-types';
import type { ImportRunner } from '../importer/run-import-in-worker';
import type { EventHub } from './event-hub';

interface QueuedJob {
  jobId: string;
  roots: string[];
  sourceKind: 'folder' | 's3';
}

/**
 * Runs imports one at a time (SQLite has one writer), in a worker, reporting
 * progress as events. Requests made while one runs wait their turn.
 */
export class ImportJobs {
  private queue: QueuedJob[] = [];
  private running: { jobId: string; progress: ImportProgress | null; cancel: () => void } | null = null;
  private last: ImportSummary | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly databasePath: string,
    private readonly runner: ImportRunner,
    private readonly hub: EventHub,
  ) {}

  enqueue(roots: string[], sourceKind: 'folder' | 's3' = 'folder'): string {
    const jobId = randomUUID();
    this.queue.push({ jobId, roots, sourceKind });
    this.pump();
    return jobId;
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
    const handle = this.runner({
      databasePath: this.databasePath,
      roots: job.roots,
      sourceKind: job.sourceKind,
      onProgress: (progress) => {
        if (this.running) this.running.progress = progress;
        this.hub.emit('import:progress', { jobId: job.jobId, progress });
      },
    });
    this.running = { jobId: job.jobId, progress: null, cancel: handle.cancel };
    handle.done
      .then((summary) => {
        this.last = summary;
        this.hub.emit('import:done', { jobId: job.jobId, summary, error: null });
      })
      .catch((error: unknown) => {
        this.hub.emit('import:done', {
          jobId: job.jobId,
          summary: null,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        this.running = null;
        this.hub.emit('data:changed', { reason: 'import' });
        this.pump();
      });
  }
}
