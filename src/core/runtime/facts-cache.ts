import { type FactsSnapshot, loadFactsSnapshot, refreshFactsSnapshot } from '../store/facts-snapshot';
import { loadSnapshotOffThread } from '../store/load-snapshot-off-thread';
import type { StoreDatabase } from '../store/open-store';
import type { EventHub } from './event-hub';

export interface FactsCacheOptions {
  databasePath: string;
  nativeBinding?: string;
  /** The built snapshot worker (Electron passes its bundled file); default: found next to the source. */
  snapshotWorkerFile?: string;
}

/**
 * Dashboards scan an in-memory copy of stream_facts (the snapshot), kept here and brought up to
 * date lazily after the data changes:
 * - an import that names the apps it changed marks only those stale, and they are re-read at the
 *   next request (live folders re-import every few hundred ms; reloading 100k streams each time
 *   would hold up every request);
 * - anything else needs a full read, which runs in a worker, started as soon as it is known to be
 *   needed (`start`, and each such change), so the host keeps answering meanwhile.
 */
export class FactsCache {
  private snapshot: FactsSnapshot | null = null;
  /** Apps to re-read before the next answer; null: a full read is needed. */
  private staleApps: Set<number> | null = null;
  private loading: Promise<FactsSnapshot> | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly db: StoreDatabase,
    private readonly hub: EventHub,
    private readonly options: FactsCacheOptions,
  ) {}

  /** Follows data changes and warms the snapshot before the first view asks. */
  start(): void {
    this.unsubscribe = this.hub.on('data:changed', ({ apps, topics }) => {
      if (!topics.includes('streams')) return;
      for (const listener of this.listeners) listener();
      if (!apps || this.staleApps === null) {
        this.staleApps = null;
        this.startFullLoad();
      } else for (const app of apps) this.staleApps.add(app);
    });
    this.startFullLoad();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Called whenever the streams changed (a dashboard cache built on the snapshot clears itself). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The snapshot, up to date with every import reported so far. */
  async facts(): Promise<FactsSnapshot> {
    if (this.staleApps === null) this.startFullLoad();
    if (this.loading) this.snapshot = await this.loading;
    if (!this.snapshot) this.snapshot = loadFactsSnapshot(this.db);
    if (this.staleApps && this.staleApps.size > 0) {
      this.snapshot = refreshFactsSnapshot(this.db, this.snapshot, [...this.staleApps]);
      this.staleApps.clear();
    }
    return this.snapshot;
  }

  /**
   * The snapshot if it is loaded and no full read is pending (apps an import changed are brought up
   * to date first); null otherwise, so a cheap query can answer from SQL rather than wait.
   */
  ready(): FactsSnapshot | null {
    if (!this.snapshot || this.loading || this.staleApps === null) return null;
    if (this.staleApps.size > 0) {
      this.snapshot = refreshFactsSnapshot(this.db, this.snapshot, [...this.staleApps]);
      this.staleApps.clear();
    }
    return this.snapshot;
  }

  private startFullLoad(): void {
    const { databasePath, nativeBinding, snapshotWorkerFile } = this.options;
    const load = loadSnapshotOffThread(this.db, databasePath, nativeBinding, snapshotWorkerFile);
    this.loading = load;
    this.staleApps = new Set();
    load
      .then((loaded) => {
        if (this.loading === load) this.snapshot = loaded;
      })
      .catch(() => {
        this.staleApps = null; // try again on the next request, which reports the error
      })
      .finally(() => {
        if (this.loading === load) this.loading = null;
      });
  }
}
