import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SortedColumn } from '../metrics/sorted-column';
import { type SortedKey, seedSortedOrders } from '../metrics/sorted-orders';
import type { FactsSnapshot } from './facts-snapshot';
import { loadSnapshotSavedOrSql, type SnapshotOrigin } from './facts-snapshot-start';
import type { StoreDatabase } from './open-store';

/**
 * Loads the dashboard snapshot in a worker thread when a worker script is at
 * hand (from source, or built next to this file), so the host keeps answering
 * meanwhile (the worker's sorted columns come along: known for the snapshot, sorted-orders.ts);
 * otherwise reads it on this thread from `db`.
 */
export function loadSnapshotOffThread(
  db: StoreDatabase,
  databasePath: string,
  nativeBinding?: string,
  workerFile?: string,
): Promise<{ snapshot: FactsSnapshot; origin: SnapshotOrigin }> {
  const script = workerFile ?? workerScript();
  if (!script) {
    const { snapshot, origin } = loadSnapshotSavedOrSql(db, databasePath);
    return Promise.resolve({ snapshot, origin });
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { databasePath, nativeBinding } });
    worker.once(
      'message',
      (message: {
        snapshot?: FactsSnapshot;
        origin?: SnapshotOrigin;
        orders?: [SortedKey, SortedColumn][];
        error?: string;
      }) => {
        if (message.snapshot) {
          seedSortedOrders(message.snapshot, message.orders ?? []);
          resolve({ snapshot: message.snapshot, origin: message.origin ?? 'sql' });
        } else reject(new Error(`Could not read the dashboard data: ${message.error ?? 'unknown error'}`));
        void worker.terminate();
      },
    );
    worker.once('error', reject);
    // A worker that dies before answering (killed, out of memory) must not leave the dashboard waiting forever.
    worker.once('exit', (code) =>
      reject(new Error(`Could not read the dashboard data: its worker stopped (exit code ${code}).`)),
    );
  });
}

function workerScript(): URL | null {
  for (const name of ['./facts-snapshot-worker.js', './facts-snapshot-worker-tsx.mjs']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}
