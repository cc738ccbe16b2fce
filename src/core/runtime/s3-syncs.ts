import { loadS3Source, loadS3Sources } from '../s3/s3-source-admin';
import { defaultS3CacheDir } from '../s3/s3-sync';
import type { StoreDatabase } from '../store/open-store';
import type { ImportJobs } from './import-jobs';

/**
 * S3 sources are synced on request and every few minutes. A source whose credentials or
 * permissions failed waits for a sync by hand rather than failing every few minutes.
 */
export class S3Syncs {
  private readonly paused = new Set<number>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly cacheDir: string;

  constructor(
    private readonly db: StoreDatabase,
    private readonly jobs: ImportJobs,
    databasePath: string,
  ) {
    this.cacheDir = defaultS3CacheDir(databasePath);
  }

  /** Syncs every source that is not paused every `minutes` (0: never). */
  start(minutes: number): void {
    if (minutes <= 0) return;
    this.timer = setInterval(() => {
      for (const { sourceId } of loadS3Sources(this.db).sources)
        if (!this.paused.has(sourceId)) this.enqueue(sourceId);
    }, minutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Queues a sync of the source; null when one is already queued or running, or the source is gone. */
  enqueue(sourceId: number): string | null {
    if (this.jobs.hasS3Job(sourceId)) return null;
    const source = loadS3Source(this.db, sourceId);
    if (!source) return null;
    return this.jobs.enqueue(
      { s3: { config: source.config, cacheDir: this.cacheDir }, sourceId },
      (error) => {
        const kind = error?.kind;
        if (kind === 'credentials' || kind === 'access-denied' || kind === 'no-bucket')
          this.paused.add(sourceId);
      },
    );
  }

  /** A sync by hand is how a paused source resumes. */
  syncByHand(sourceId: number): string | null {
    this.paused.delete(sourceId);
    return this.enqueue(sourceId);
  }
}
