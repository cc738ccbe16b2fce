import { parentPort, workerData } from 'node:worker_threads';
import { snapshotFilePath } from './facts-snapshot-file';
import { completeSortedOrders } from './facts-snapshot-orders';
import { readSnapshotFileAsync } from './facts-snapshot-read';
import { loadSnapshotSavedOrSql } from './facts-snapshot-start';
import { openStore } from './open-store';

/**
 * Worker entry: reads the whole dashboard snapshot off the host's thread (from the saved file when
 * it matches the database, else from SQL, which takes seconds at 1M streams), makes its sorted
 * columns here too (derived from the file's when it was refreshed from it, else sorted: some
 * 100 ms each at 1M that the host's first dashboard would otherwise spend) and hands the typed
 * arrays over without copying them.
 */
const { databasePath, nativeBinding } = workerData as { databasePath: string; nativeBinding?: string };

async function load(): Promise<void> {
  const db = openStore(databasePath, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    // The saved file read as the host reads it: checked on a thread of its own while this one decodes.
    const file = snapshotFilePath(databasePath);
    const saved = file ? await readSnapshotFileAsync(file) : null;
    const { snapshot, origin, base } = loadSnapshotSavedOrSql(db, databasePath, saved);
    const orders = [...completeSortedOrders(snapshot, base)];
    // Columns (and saved rows) read from the file share one buffer: list each buffer once. That one
    // is shared memory (facts-snapshot-read.ts): posted, it is shared rather than copied, and it
    // cannot be in a transfer list.
    const buffers = new Set(
      [...Object.values(snapshot), ...orders.flatMap(([, o]) => [o.rows, o.values])]
        .filter((v): v is Float64Array | Int32Array | Uint8Array | Uint32Array => ArrayBuffer.isView(v))
        .map((v) => v.buffer)
        .filter((b): b is ArrayBuffer => b instanceof ArrayBuffer),
    );
    parentPort?.postMessage({ snapshot, origin, orders }, [...buffers]);
  } finally {
    db.close();
  }
}

load().catch((error: unknown) => {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
});
