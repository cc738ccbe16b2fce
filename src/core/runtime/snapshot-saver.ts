import type { FactsSnapshot } from '../store/facts-snapshot';
import { writeSnapshotFile } from '../store/facts-snapshot-file';
import { completeSortedOrdersAsync } from '../store/facts-snapshot-orders';

/**
 * Saves the dashboard snapshot to its sidecar file in the background, one write at a time, only the
 * newest snapshot, and only when its stamp differs from the last one saved. After a live import the
 * save waits for a quiet moment (`delayMs`), and a minute after the last save: a live folder
 * re-imports every few hundred ms, and rewriting 130 MB each time would only wear the disk (a start
 * from an older file re-reads only the apps changed since). The dashboards' sorted columns are saved
 * with it (a start then sorts nothing): those a dashboard or the loading worker made already, the
 * others sorted here first, one per event-loop turn. A failed save costs the next start time, never
 * an answer, so it is dropped silently.
 */
export class SnapshotSaver {
  private pending: FactsSnapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private savedKey: string | null = null;

  private lastSaveAt = Number.NEGATIVE_INFINITY;

  /** `minIntervalMs`: between two delayed saves (imports every few seconds would rewrite it each time). */
  constructor(
    private readonly file: string | null,
    private readonly minIntervalMs = 60_000,
  ) {}

  /** Saves `snapshot` after `delayMs` of quiet (0: at once), unless a newer one comes first. */
  save(snapshot: FactsSnapshot, delayMs: number): void {
    if (!this.file || !snapshot.stamp || keyOf(snapshot) === this.savedKey) return;
    this.pending = snapshot;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (delayMs <= 0) void this.flush();
    else {
      const wait = Math.max(delayMs, this.lastSaveAt + this.minIntervalMs - Date.now());
      this.timer = setTimeout(() => void this.flush(), wait);
      this.timer.unref(); // a pending save never keeps a CLI process alive
    }
  }

  /** Marks `snapshot` as what the file holds already (it was read from there). */
  markSaved(snapshot: FactsSnapshot): void {
    if (snapshot.stamp) this.savedKey = keyOf(snapshot);
  }

  /** Writes what is pending now; resolves when every write so far is done. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const snapshot = this.pending;
    this.pending = null;
    const file = this.file;
    if (snapshot && file) {
      this.writing = this.writing.then(async () => {
        const key = keyOf(snapshot);
        if (key === this.savedKey) return;
        this.lastSaveAt = Date.now();
        try {
          const orders = await completeSortedOrdersAsync(snapshot);
          if (await writeSnapshotFile(file, snapshot, orders)) this.savedKey = key;
        } catch {
          // Not saved: the next start reads SQL (or an older file plus the changes since).
        }
      });
    }
    return this.writing;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

const keyOf = (s: FactsSnapshot): string => `${s.stamp?.dbId}:${s.stamp?.schema}:${s.stamp?.version}`;
