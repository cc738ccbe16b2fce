import { knownSortedOrders, SORTED_KEYS } from '../metrics/sorted-orders';
import { type FactsSnapshot, loadFactsSnapshot, refreshFactsSnapshot } from '../store/facts-snapshot';
import { snapshotFilePath } from '../store/facts-snapshot-file';
import { type SnapshotOrigin, savedSnapshotIfCurrent } from '../store/facts-snapshot-start';
import { loadSnapshotOffThread } from '../store/load-snapshot-off-thread';
import type { StoreDatabase } from '../store/open-store';
import type { EventHub } from './event-hub';
import { SnapshotSaver } from './snapshot-saver';

export interface FactsCacheOptions {
  databasePath: string;
  nativeBinding?: string;
  /** The built snapshot worker (Electron passes its bundled file); default: found next to the source. */
  snapshotWorkerFile?: string;
}

/** Quiet time before a snapshot refreshed after an import is saved (the saver also waits a minute between saves). */
const SAVE_AFTER_QUIET_MS = 3000;

/** Where the last full load came from (tests and benchmarks ask). */
export type { SnapshotOrigin };

/**
 * Dashboards scan an in-memory copy of stream_facts (the snapshot), kept here and brought up to
 * date lazily after the data changes:
 * - an import that names the apps it changed marks only those stale, and they are re-read at the
 *   next request (live folders re-import every few hundred ms; reloading 100k streams each time
 *   would hold up every request);
 * - anything else needs a full read, which runs in a worker, started as soon as it is known to be
 *   needed (`start`, and each such change), so the host keeps answering meanwhile. First comes the
 *   snapshot saved next to the database (`<db>.facts`): when it is exactly the database's current
 *   state it is read on this thread without holding it (no worker to start); else the worker
 *   brings it up to date (or reads SQL when it is unusable; store/facts-snapshot-start).
 * Each snapshot loaded from SQL or refreshed is saved back to that file in the background.
 */
export class FactsCache {
  private snapshot: FactsSnapshot | null = null;
  /** Apps to re-read before the next answer; null: a full read is needed. */
  private staleApps: Set<number> | null = null;
  private loading: Promise<FactsSnapshot> | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners: (() => void)[] = [];
  private readonly saver: SnapshotSaver;
  /** Where the last full load came from. */
  lastOrigin: SnapshotOrigin | null = null;

  constructor(
    private readonly db: StoreDatabase,
    private readonly hub: EventHub,
    private readonly options: FactsCacheOptions,
  ) {
    this.saver = new SnapshotSaver(snapshotFilePath(options.databasePath));
  }

  /**
   * Follows data changes and warms the snapshot before the first view asks. Resolves when that
   * first read is over (read or failed): work that can wait (live folders' catch-up) starts then.
   */
  start(): Promise<void> {
    this.unsubscribe = this.hub.on('data:changed', ({ apps, topics }) => {
      if (!topics.includes('streams')) return;
      for (const listener of this.listeners) listener();
      if (!apps || this.staleApps === null) {
        this.staleApps = null;
        this.startFullLoad();
      } else for (const app of apps) this.staleApps.add(app);
    });
    this.startFullLoad();
    return (this.loading ?? Promise.resolve()).then(
      () => undefined,
      () => undefined,
    );
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.saver.stop();
  }

  /** Resolves when the snapshot's saving (pending included) is done: for tests and a clean close. */
  saved(): Promise<void> {
    return this.saver.flush();
  }

  /** Called whenever the streams changed (a dashboard cache built on the snapshot clears itself). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The snapshot, up to date with every import reported so far. */
  async facts(): Promise<FactsSnapshot> {
    if (this.staleApps === null) this.startFullLoad();
    if (this.loading) this.snapshot = await this.loading;
    if (!this.snapshot) {
      this.snapshot = loadFactsSnapshot(this.db);
      this.saver.save(this.snapshot, 0);
    }
    this.refreshStale();
    return this.snapshot;
  }

  /**
   * The snapshot if it is loaded and no full read is pending (apps an import changed are brought up
   * to date first); null otherwise, so a cheap query can answer from SQL rather than wait.
   */
  ready(): FactsSnapshot | null {
    if (!this.snapshot || this.loading || this.staleApps === null) return null;
    this.refreshStale();
    return this.snapshot;
  }

  private refreshStale(): void {
    if (!this.snapshot || !this.staleApps || this.staleApps.size === 0) return;
    this.snapshot = refreshFactsSnapshot(this.db, this.snapshot, [...this.staleApps]);
    this.staleApps.clear();
    this.saver.save(this.snapshot, SAVE_AFTER_QUIET_MS);
  }

  private startFullLoad(): void {
    const { databasePath, nativeBinding, snapshotWorkerFile } = this.options;
    const load = (async () => {
      const saved = await savedSnapshotIfCurrent(this.db, databasePath);
      if (saved) return { snapshot: saved, origin: 'file' as const };
      if (!this.db.open) throw new Error('The service was closed.');
      return loadSnapshotOffThread(this.db, databasePath, nativeBinding, snapshotWorkerFile);
    })();
    const loading = load.then(({ snapshot }) => snapshot);
    loading.catch(() => {}); // reported to whoever awaits it (facts()), handled below
    this.loading = loading;
    this.staleApps = new Set();
    load
      .then(({ snapshot, origin }) => {
        if (this.loading !== loading) return;
        this.snapshot = snapshot;
        this.lastOrigin = origin;
        // A file saved without its sorted columns (before they were saved) is saved again with them.
        if (origin === 'file' && knownSortedOrders(snapshot).size === SORTED_KEYS.length)
          this.saver.markSaved(snapshot);
        else this.saver.save(snapshot, origin === 'file' ? SAVE_AFTER_QUIET_MS : 0);
      })
      .catch(() => {
        this.staleApps = null; // try again on the next request, which reports the error
      })
      .finally(() => {
        if (this.loading === loading) this.loading = null;
      });
  }
}
