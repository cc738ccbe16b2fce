import { parentPort, workerData } from 'node:worker_threads';
import { loadFactsSnapshot } from './facts-snapshot';
import { openStore } from './open-store';

/**
 * Worker entry: reads the whole dashboard snapshot off the host's thread (a
 * full read of 100k streams takes most of a second) and hands its typed
 * arrays over without copying them.
 */
const { databasePath, nativeBinding } = workerData as { databasePath: string; nativeBinding?: string };
try {
  const db = openStore(databasePath, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const snapshot = loadFactsSnapshot(db);
    const buffers = Object.values(snapshot)
      .filter((v): v is Float64Array | Int32Array | Uint8Array => ArrayBuffer.isView(v))
      .map((v) => v.buffer as ArrayBuffer);
    parentPort?.postMessage({ snapshot }, buffers);
  } finally {
    db.close();
  }
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
