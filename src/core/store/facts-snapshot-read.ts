import { open } from 'node:fs/promises';
import { NON_BLOCKING_READ } from '../burr/open-regular-file';
import type { FactsSnapshot } from './facts-snapshot';
import { CHECK_BYTES, type CheckKind, checkKindOf, checkOf } from './facts-snapshot-check';
import { decodeSteps } from './facts-snapshot-file';
import { hashSharedBytesOffThread, type SharedBytesHash } from './facts-snapshot-hash';
import { FileReadInOrder } from './file-read-in-order';

export interface ReadSnapshotOptions {
  /** The read's slices (file-read-in-order.ts's own when not given); smaller in tests. */
  sliceBytes?: number;
}

/**
 * `readSnapshotFile` without holding this thread: the bytes are read off the thread, front to back
 * (file-read-in-order.ts), into memory shared with a thread that hashes them as they come in
 * (facts-snapshot-hash.ts), and decoded here as they are hashed (the header and apps while the
 * columns are still being read). The snapshot is returned only once the hash matches. Where no
 * hashing thread can run, the bytes are decoded as they are read and hashed here once all are in.
 */
export async function readSnapshotFileAsync(
  file: string,
  { sliceBytes }: ReadSnapshotOptions = {},
): Promise<FactsSnapshot | null> {
  let hashing: SharedBytesHash | null = null;
  try {
    const handle = await open(file, NON_BLOCKING_READ);
    let bytes: Uint8Array<SharedArrayBuffer>;
    let decoded: FactsSnapshot | null;
    let reading: FileReadInOrder | null = null;
    let kind: CheckKind | null = null;
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return null; // a named pipe or a device: never a snapshot
      if (stat.size < 16 + CHECK_BYTES) return null;
      // Which check the file ends with, from its format: the hashing thread starts with the read.
      const prefix = new Uint8Array(40);
      await handle.read(prefix, 0, prefix.length, 0);
      kind = checkKindOf(prefix);
      if (!kind) return null;
      const shared = new SharedArrayBuffer(stat.size);
      bytes = new Uint8Array(shared);
      const hash = hashSharedBytesOffThread(shared, stat.size - CHECK_BYTES, kind);
      hashing = hash;
      reading = new FileReadInOrder(handle, bytes, sliceBytes, (readTo) => hash.readTo(readTo));
      // Decoded before its hash is in: bytes that fail it are dropped below, whatever they decoded to.
      decoded = await decodeWhileReading(bytes, reading, hash);
      if (!decoded) reading.stop();
      if (!(await reading.done) || !decoded) return null;
    } finally {
      // Never closed under a read in flight.
      await reading?.done;
      await handle.close();
    }
    const stored = bytes.subarray(bytes.length - CHECK_BYTES);
    const hashed = await hashing.digest;
    const matches = Buffer.from(
      hashed ?? checkOf(kind, bytes.subarray(0, bytes.length - CHECK_BYTES)),
    ).equals(stored);
    return matches ? decoded : null;
  } catch {
    return null;
  } finally {
    // Whatever the outcome, the hashing thread goes: a file given up on (cut short while read, say)
    // would otherwise leave it waiting for bytes. A no-op once the digest is in.
    hashing?.stop();
  }
}

/**
 * decodeSteps driven as the bytes come in: a step that needs more of the file waits for it to be
 * read and hashed, and between steps this thread answers requests (a start's first view among them).
 */
async function decodeWhileReading(
  bytes: Uint8Array<SharedArrayBuffer>,
  reading: FileReadInOrder,
  hashing: SharedBytesHash,
): Promise<FactsSnapshot | null> {
  try {
    const steps = decodeSteps(bytes, true);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      if (step.value !== undefined) {
        if (!(await reading.until(step.value))) return null;
        await hashing.until(Math.min(step.value, bytes.length - CHECK_BYTES));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch {
    return null;
  }
}
