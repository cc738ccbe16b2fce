/**
 * Output side of the corpus generator. Creating files and folders dominates generation time
 * (an S3 tree has three new folders per ~15 KB log object), so every file-system call runs on
 * one worker thread while the main thread keeps producing lines. The API stays synchronous:
 * the main thread only blocks (Atomics.wait) when too many bytes are waiting to be written.
 */
import { join, sep } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

const BUFFER_BYTES = 8 * 1024 * 1024;
/** Bound on bytes handed to the worker and not yet written: memory stays flat on any corpus size. */
const MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
/** Below this a flushed chunk is copied out instead of handing over the whole 8 MiB buffer. */
const COPY_BELOW_BYTES = 1024 * 1024;

// Slots of the shared Int32Array.
const PENDING = 0;
const DONE = 1;
const FAILED = 2;

type IoOp =
  | { t: 'mkdir'; path: string }
  | { t: 'open'; path: string }
  | { t: 'write'; buf: ArrayBuffer; len: number }
  | { t: 'close' }
  | { t: 'file'; path: string; text: string }
  | { t: 'end' };

// Plain JS evaluated in the worker, so it runs the same under tsx, vitest or compiled node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const state = new Int32Array(workerData.shared);
const errors = workerData.errors;
let fd = null;
parentPort.on('message', (ops) => {
  if (Atomics.load(state, ${FAILED}) !== 0) return;
  try {
    for (const op of ops) {
      if (op.t === 'mkdir') {
        try { fs.mkdirSync(op.path); } catch (e) { if (e.code !== 'EEXIST') throw e; }
      } else if (op.t === 'open') {
        fd = fs.openSync(op.path, 'w');
      } else if (op.t === 'write') {
        const b = new Uint8Array(op.buf, 0, op.len);
        let o = 0;
        while (o < op.len) o += fs.writeSync(fd, b, o, op.len - o);
        Atomics.sub(state, ${PENDING}, op.len);
        Atomics.notify(state, ${PENDING});
      } else if (op.t === 'close') {
        fs.closeSync(fd);
        fd = null;
      } else if (op.t === 'file') {
        fs.writeFileSync(op.path, op.text);
      } else if (op.t === 'end') {
        Atomics.store(state, ${DONE}, 1);
        Atomics.notify(state, ${DONE});
      }
    }
  } catch (e) {
    errors.postMessage(String(e && e.stack ? e.stack : e));
    Atomics.store(state, ${FAILED}, 1);
    Atomics.store(state, ${DONE}, 1);
    Atomics.notify(state, ${PENDING});
    Atomics.notify(state, ${DONE});
  }
});
`;

/** Ordered file-system operations executed by a worker thread. */
export class IoPipe {
  private readonly worker: Worker;
  private readonly state: Int32Array;
  private readonly errors: MessageChannel;
  private ops: IoOp[] = [];
  private transfers: ArrayBuffer[] = [];
  private readonly knownDirs = new Set<string>();

  /** `existingRoot` already exists; folders below it are created on demand. */
  constructor(existingRoot: string) {
    this.state = new Int32Array(new SharedArrayBuffer(3 * 4));
    this.errors = new MessageChannel();
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { shared: this.state.buffer, errors: this.errors.port2 },
      transferList: [this.errors.port2],
    });
    this.knownDirs.add(existingRoot);
  }

  /** Creates `dir` and any missing parents below a known folder, parents first. */
  mkdirs(dir: string): void {
    if (this.knownDirs.has(dir)) return;
    const missing: string[] = [];
    let current = dir;
    while (!this.knownDirs.has(current)) {
      missing.push(current);
      const cut = current.lastIndexOf(sep);
      if (cut <= 0) break;
      current = current.slice(0, cut);
    }
    for (let i = missing.length - 1; i >= 0; i--) {
      const path = missing[i] as string;
      this.ops.push({ t: 'mkdir', path });
      this.knownDirs.add(path);
    }
  }

  writeFile(path: string, text: string): void {
    this.ops.push({ t: 'file', path, text });
  }

  open(path: string): void {
    this.ops.push({ t: 'open', path });
  }

  /** Hands `buf` over to the worker; the caller must not touch it afterwards. */
  write(buf: ArrayBuffer, len: number): void {
    Atomics.add(this.state, PENDING, len);
    this.ops.push({ t: 'write', buf, len });
    this.transfers.push(buf);
    this.post();
    this.throttle();
  }

  close(): void {
    this.ops.push({ t: 'close' });
    // Small S3 objects would otherwise pile up as thousands of queued ops; post in batches.
    if (this.ops.length >= 256) this.post();
  }

  /** Waits until everything is on disk, then stops the worker. */
  finish(): void {
    this.ops.push({ t: 'end' });
    this.post();
    while (Atomics.load(this.state, DONE) === 0) Atomics.wait(this.state, DONE, 0, 1000);
    this.checkFailed();
    void this.worker.terminate();
    this.errors.port1.close();
  }

  /** Stops the worker without waiting (after an error on the main thread). */
  abort(): void {
    void this.worker.terminate();
    this.errors.port1.close();
  }

  private post(): void {
    if (this.ops.length === 0) return;
    this.worker.postMessage(this.ops, this.transfers);
    this.ops = [];
    this.transfers = [];
  }

  private throttle(): void {
    for (;;) {
      this.checkFailed();
      const pending = Atomics.load(this.state, PENDING);
      if (pending <= MAX_IN_FLIGHT_BYTES) return;
      Atomics.wait(this.state, PENDING, pending, 1000);
    }
  }

  private checkFailed(): void {
    if (Atomics.load(this.state, FAILED) === 0) return;
    const message = receiveMessageOnPort(this.errors.port1)?.message;
    this.abort();
    throw new Error(`corpus write failed: ${String(message ?? 'unknown error')}`);
  }
}

/**
 * Encodes lines as UTF-8 straight into an 8 MiB buffer (Buffer.write returns the exact byte
 * count, which the manifest needs) and hands full chunks to the IoPipe.
 */
export class ChunkWriter {
  private buf = Buffer.allocUnsafeSlow(BUFFER_BYTES);
  private used = 0;

  constructor(private readonly io: IoPipe) {}

  open(dir: string, name: string): void {
    this.io.mkdirs(dir);
    this.io.open(join(dir, name));
  }

  /** Writes one line; `separator` puts '\n' after it (local) or before it (S3: no trailing newline). */
  line(text: string, separator: 'after' | 'before' | 'none'): number {
    // UTF-16 code units to UTF-8 bytes is at most 3x; checking the bound avoids a byteLength pass.
    const bound = text.length * 3 + 2;
    if (bound > this.buf.length - this.used) this.flush();
    let n: number;
    if (bound > this.buf.length) {
      if (separator === 'before') this.buf[this.used++] = 10;
      this.flush();
      const encoded = Buffer.from(text, 'utf8');
      n = encoded.length;
      const owned = new Uint8Array(n);
      owned.set(encoded);
      this.io.write(owned.buffer, n);
    } else {
      if (separator === 'before') this.buf[this.used++] = 10;
      n = this.buf.write(text, this.used);
      this.used += n;
    }
    if (separator === 'after') this.buf[this.used++] = 10;
    return n;
  }

  close(): void {
    this.flush();
    this.io.close();
  }

  private flush(): void {
    if (this.used === 0) return;
    if (this.used < COPY_BELOW_BYTES) {
      const copy = new Uint8Array(this.used);
      copy.set(this.buf.subarray(0, this.used));
      this.io.write(copy.buffer, this.used);
    } else {
      this.io.write(this.buf.buffer as ArrayBuffer, this.used);
      this.buf = Buffer.allocUnsafeSlow(BUFFER_BYTES);
    }
    this.used = 0;
  }
}
