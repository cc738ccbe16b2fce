import { Worker } from 'node:worker_threads';
import { CHECK_BYTES, type CheckKind } from './facts-snapshot-check';
import { PrefixProgress } from './prefix-progress';

/**
 * The check of a saved snapshot file's body (facts-snapshot-check.ts: a CRC-32, or SHA-256 in format
 * 2 files), computed on another thread from the very bytes this thread reads (shared memory), slice
 * by slice as they come in. Two gains over a thread reading the file on its own:
 * - what is checked is exactly what is decoded (a file replaced in between cannot match);
 * - the checking pass is the first read of each page from user space, and on some VMs that first
 *   touch costs about 1.5 ms a MB even after the kernel has written into the page (bench/README.md:
 *   ~300 ms for a 1M-stream file). Paid on the checking thread's core, it is not paid again by a
 *   decoder that waits for a prefix to be checked before it reads it (`until`): this thread's
 *   checks and first dashboard then read warm pages.
 * The worker is plain JavaScript evaluated from this string (no build step, no loader).
 */
const CHECKER = `
const { parentPort, workerData } = require('node:worker_threads');
const bytes = new Uint8Array(workerData.bytes);
const body = workerData.body;
let update;
let digest;
if (workerData.kind === 'sha256') {
  const hash = require('node:crypto').createHash('sha256');
  update = (slice) => hash.update(slice);
  digest = () => new Uint8Array(hash.digest());
} else {
  const { crc32 } = require('node:zlib');
  let value = 0;
  update = (slice) => { value = crc32(slice, value); };
  // As crcTrailer writes it: the value little-endian, then zeros.
  digest = () => { const out = new Uint8Array(${CHECK_BYTES}); new DataView(out.buffer).setUint32(0, value >>> 0, true); return out; };
}
let at = 0;
parentPort.on('message', (readTo) => {
  const end = Math.min(body, readTo);
  if (end <= at) return;
  update(bytes.subarray(at, end));
  at = end;
  parentPort.postMessage(at < body ? { checkedTo: at } : { checkedTo: at, digest: digest() });
  if (at >= body) parentPort.close();
});
`;

export interface SharedBytesCheck {
  /** Bytes [0, readTo) are in: check them. */
  readTo(readTo: number): void;
  /**
   * Resolves once bytes [0, end) are checked, or once the worker is gone (the caller then checks on
   * its own thread): a decoder reads them after the checking pass, on warm pages.
   */
  until(end: number): Promise<void>;
  /** The digest of bytes [0, body); null when the worker could not run or was stopped. */
  readonly digest: Promise<Uint8Array | null>;
  /** No more bytes will come (the read or the decode gave up): the worker goes. */
  stop(): void;
}

/** Checks bytes [0, body) of `shared` off this thread as `readTo` reports them in. */
export function checkSharedBytesOffThread(
  shared: SharedArrayBuffer,
  body: number,
  kind: CheckKind,
): SharedBytesCheck {
  const checked = new PrefixProgress(body);
  let worker: Worker | null = null;
  let settle: (digest: Uint8Array | null) => void = () => {};
  const digest = new Promise<Uint8Array | null>((resolve) => {
    settle = resolve;
  });
  const end = (value: Uint8Array | null) => {
    settle(value);
    checked.end();
    void worker?.terminate();
    worker = null;
  };
  try {
    // execArgv: none of this process's loaders (a dev run's tsx would take longer to start than the check).
    worker = new Worker(CHECKER, { eval: true, workerData: { bytes: shared, body, kind }, execArgv: [] });
    worker.on('message', (message: { checkedTo: number; digest?: Uint8Array }) => {
      checked.advance(message.checkedTo);
      if (message.digest) end(message.digest);
    });
    worker.once('error', () => end(null));
    worker.once('exit', () => end(null));
  } catch {
    end(null);
  }
  return {
    readTo: (readTo) => worker?.postMessage(readTo),
    until: async (prefix) => {
      await checked.until(prefix);
    },
    digest,
    stop: () => end(null),
  };
}
