import path from 'node:path';
import { importHandlers } from '../core/handlers/import-handlers';
import { s3Handlers } from '../core/handlers/s3-handlers';
import type { ImportSummary } from '../core/importer/import-types';
import { inProcessImportRunner } from '../core/importer/run-import-in-process';
import { EventHub } from '../core/runtime/event-hub';
import { ImportJobs } from '../core/runtime/import-jobs';
import { S3Syncs } from '../core/runtime/s3-syncs';
import type { S3SourceConfig } from '../core/s3/s3-source-config';
import { ServiceError } from '../core/service-error';
import { ensureSourceRow } from '../core/store/admin-writes';
import type { StoreDatabase } from '../core/store/open-store';
import { problemsStamp } from '../core/store/problem-queries';
import { CliError, EXIT } from './exit-codes';
import { ttyProgress } from './progress-bar';

/**
 * The CLI imports through the app's own import handlers (`import:start`, `sources:add-s3`) and
 * job queue, with the jobs run in this process: the same sources, the same job, the same
 * summaries and events as in the app, with the progress on the terminal.
 */
export class CliImports {
  private readonly hub = new EventHub();
  private readonly handlers;

  constructor(
    private readonly db: StoreDatabase,
    databasePath: string,
    private readonly showProgress: boolean,
  ) {
    const jobs = new ImportJobs(databasePath, inProcessImportRunner(db), this.hub, () => problemsStamp(db));
    const s3 = new S3Syncs(db, jobs, databasePath);
    const ctx = { db, hub: this.hub, jobs, live: null, s3 };
    this.handlers = { ...importHandlers(ctx), ...s3Handlers(ctx) };
  }

  /** Imports folders (or single log files) as sources, in one job: nested paths are walked once. */
  async folders(paths: readonly string[]): Promise<ImportSummary> {
    const sourceIds = paths.map((p) => ensureSourceRow(this.db, 'folder', path.resolve(p)));
    return this.run(() => this.handlers['import:start']({ sourceIds }));
  }

  /** Adds a bucket as a source (checked first) and syncs it. */
  async bucket(config: S3SourceConfig): Promise<ImportSummary> {
    const { bucket, prefix, region, endpoint, forcePathStyle, profile } = config;
    return this.run(() =>
      this.handlers['sources:add-s3']({
        bucket,
        prefix,
        ...(region ? { region } : {}),
        ...(endpoint ? { endpoint } : {}),
        ...(forcePathStyle ? { forcePathStyle } : {}),
        ...(profile ? { profile } : {}),
      }),
    );
  }

  /** Starts a job through a handler and waits for its end; a failure is the CLI's "cannot read" (exit 2). */
  private async run(start: () => Promise<{ jobId: string }>): Promise<ImportSummary> {
    const progress = ttyProgress(process.stderr);
    const offProgress = this.hub.on('import:progress', ({ progress: p }) => {
      if (this.showProgress) progress(p);
    });
    let jobId: string | null = null;
    const ended = new Map<string, { summary: ImportSummary | null; error: string | null }>();
    let settle: (() => void) | null = null;
    const offDone = this.hub.on('import:done', ({ jobId: id, summary, error }) => {
      ended.set(id, { summary, error });
      if (id === jobId) settle?.();
    });
    try {
      try {
        ({ jobId } = await start());
      } catch (error) {
        if (error instanceof ServiceError) throw new CliError(error.message, EXIT.unreadableInput);
        throw error;
      }
      const id = jobId;
      if (!ended.has(id)) await new Promise<void>((resolve) => (settle = resolve));
      const result = ended.get(id);
      if (!result?.summary) throw new CliError(result?.error ?? 'The import failed.', EXIT.unreadableInput);
      return result.summary;
    } finally {
      offProgress();
      offDone();
      progress.finish();
    }
  }
}
