import { Worker } from 'node:worker_threads';
import { NON_BLOCKING_READ } from '../burr/open-regular-file';

/**
 * The SHA-256 of a saved snapshot file's body (all but its last 32 bytes), computed on another
 * thread: a start then hashes (~140 ms at 1M streams) on a second core while this thread reads and
 * decodes the same file, instead of doing both in turn. The worker is plain JavaScript evaluated
 * from this string (no build step, no loader): it reads the file itself, so nothing is shared.
 * Resolves null when the worker cannot run or fails; the caller then hashes on its own thread.
 * The worker reports the size it hashed: a file replaced in between (a save renamed over it)
 * gives another size or digest, never a false match.
 */
const HASHER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, fstatSync, closeSync } = require('node:fs');
try {
  // Opened without blocking, and only a regular file: a named pipe would hold this thread forever.
  const fd = openSync(workerData.file, workerData.flags);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    const size = stat.size;
    const body = Math.max(0, size - 32);
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(1 << 23);
    for (let at = 0; at < body; ) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, body - at), at);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      at += read;
    }
    parentPort.postMessage({ size, digest: hash.digest() });
  } finally {
    closeSync(fd);
  }
} catch (error) {
  parentPort.postMessage({ error: String(error) });
}
`;

export interface FileHash {
  size: number;
  digest: Uint8Array;
}

export function hashSnapshotFileOffThread(file: string): Promise<FileHash | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      // execArgv: none of this process's loaders (a dev run's tsx would take longer to start than the hash).
      worker = new Worker(HASHER, {
        eval: true,
        workerData: { file, flags: NON_BLOCKING_READ },
        execArgv: [],
      });
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (message: { size?: number; digest?: Uint8Array }) => {
      resolve(
        typeof message.size === 'number' && message.digest
          ? { size: message.size, digest: message.digest }
          : null,
      );
      void worker.terminate();
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}
