import { open } from 'node:fs/promises';
import { NON_BLOCKING_READ } from '../burr/open-regular-file';
import type { FactsSnapshot } from './facts-snapshot';
import { CHECK_BYTES, type CheckKind, checkKindOf, checkOf } from './facts-snapshot-check';
import { checkSharedBytesOffThread, type SharedBytesCheck } from './facts-snapshot-check-thread';
import { decodeSteps } from './facts-snapshot-file';
import { FileReadInOrder } from './file-read-in-order';

export interface ReadSnapshotOptions {
  /** The read's slices (file-read-in-order.ts's own when not given); smaller in tests. */
  sliceBytes?: number;
}

/**
 * `readSnapshotFile` without holding this thread: the bytes are read off the thread, front to back
 * (file-read-in-order.ts), into memory shared with a thread that checks them as they come in
 * (facts-snapshot-check-thread.ts), and decoded here as they are checked (the header and apps while
 * the columns are still being read). The snapshot is returned only once the check matches. Where no
 * checking thread can run, the bytes are decoded as they are read and checked here once all are in.
 */
export async function readSnapshotFileAsync(
  file: string,
  { sliceBytes }: ReadSnapshotOptions = {},
): Promise<FactsSnapshot | null> {
  let checking: SharedBytesCheck | null = null;
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
      // Which check the file ends with, from its format: the checking thread starts with the read.
      const prefix = new Uint8Array(40);
      await handle.read(prefix, 0, prefix.length, 0);
      kind = checkKindOf(prefix);
      if (!kind) return null;
      const shared = new SharedArrayBuffer(stat.size);
      bytes = new Uint8Array(shared);
      const check = checkSharedBytesOffThread(shared, stat.size - CHECK_BYTES, kind);
      checking = check;
      reading = new FileReadInOrder(handle, bytes, sliceBytes, (readTo) => check.readTo(readTo));
      // Decoded before its check is in: bytes that fail it are dropped below, whatever they decoded to.
      decoded = await decodeWhileReading(bytes, reading, check);
      if (!decoded) reading.stop();
      if (!(await reading.done) || !decoded) return null;
    } finally {
      // Never closed under a read in flight.
      await reading?.done;
      await handle.close();
    }
    // The check's kind was read ahead of the rest: the bytes decoded must name the same (a file
    // rewritten in place in between would not).
    if (checkKindOf(bytes) !== kind) return null;
    const stored = bytes.subarray(bytes.length - CHECK_BYTES);
    const checked = await checking.digest;
    const matches = Buffer.from(
      checked ?? checkOf(kind, bytes.subarray(0, bytes.length - CHECK_BYTES)),
    ).equals(stored);
    return matches ? decoded : null;
  } catch {
    return null;
  } finally {
    // Whatever the outcome, the checking thread goes: a file given up on (cut short while read, say)
    // would otherwise leave it waiting for bytes. A no-op once the digest is in.
    checking?.stop();
  }
}

/**
 * decodeSteps driven as the bytes come in: a step that needs more of the file waits for it to be
 * read and checked, and between steps this thread answers requests (a start's first view among them).
 */
async function decodeWhileReading(
  bytes: Uint8Array<SharedArrayBuffer>,
  reading: FileReadInOrder,
  checking: SharedBytesCheck,
): Promise<FactsSnapshot | null> {
  try {
    const steps = decodeSteps(bytes, true);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      if (step.value !== undefined) {
        if (!(await reading.until(step.value))) return null;
        await checking.until(Math.min(step.value, bytes.length - CHECK_BYTES));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch {
    return null;
  }
}
