import { writeNotice } from '../store/admin-writes';
import type { StoreDatabase } from '../store/open-store';
import { type LiveFolders, watchAndImport } from '../watch/watch-and-import';
import type { EventHub } from './event-hub';
import type { ImportJobs } from './import-jobs';

/**
 * Live folders: every folder source is watched, and what changes is re-imported through the job
 * queue (only new bytes are read). A warning (the watch limit reached) lands in Problems.
 */
export class LiveWatching {
  private live: LiveFolders | null = null;
  private starting: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: StoreDatabase,
    private readonly hub: EventHub,
    private readonly jobs: ImportJobs,
  ) {}

  start(folders: readonly string[]): void {
    this.live = watchAndImport(folders, {
      run: ({ paths, sourceLocations }) =>
        new Promise<void>((resolve, reject) =>
          this.jobs.enqueue({ roots: paths, sourceLocations, live: true }, (error) =>
            error ? reject(error) : resolve(),
          ),
        ),
      onWarning: (message) => {
        writeNotice(this.db, null, 'Live folders', 'warning', message);
        this.hub.emit('data:changed', { reason: 'watch warning', topics: ['problems'] });
      },
    });
  }

  /**
   * Starts watching once `after` settles, or after `atMostMs`, whichever comes first, with the
   * folders `folders()` names then (a folder added meanwhile is among them). At start the watches'
   * catch-up re-walks every folder: on a big library that is seconds of work, which the first
   * dashboard (waiting for its snapshot) should not share the machine with.
   */
  startAfter(after: Promise<unknown>, atMostMs: number, folders: () => readonly string[]): void {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, atMostMs);
      timer.unref();
    });
    this.starting = Promise.race([after.catch(() => undefined), cap]).then(() => {
      clearTimeout(timer);
      // A turn later: the request that was waiting for `after` computes first.
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          if (!this.stopped) this.start(folders());
          resolve();
        }),
      );
    });
  }

  add(folder: string): void {
    this.live?.add(folder);
  }

  remove(folder: string): void {
    this.live?.remove(folder);
  }

  /** Resolves once the watches are in place and the catch-up imports they started are done. */
  async whenIdle(): Promise<void> {
    await this.starting;
    await this.live?.ready;
    await this.jobs.whenIdle();
    await this.live?.whenIdle();
    await this.jobs.whenIdle();
  }

  stop(): void {
    this.stopped = true;
    void this.live?.close();
    this.live = null;
  }
}
