/**
 * Output side of the corpus generator. Creating files and folders is a large part of the
 * work (the S3 tree has three new folders per ~15 KB log object), so every file-system call
 * runs on one worker thread while the main thread keeps producing lines. The API stays
 * synchronous: the main thread only blocks (Atomics.wait) when too much is waiting to be written.
 *
 * Lines are UTF-8 encoded straight into 8 MiB buffers (Buffer.write returns the exact byte
 * count, which the manifest needs). Many small files share one buffer: each file is a
 * segment, and a full buffer travels to the worker with the ops that refer to it (transferred,
 * not copied) and comes back for reuse.
 */
import { join, sep } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

const BUFFER_BYTES = 8 * 1024 * 1024;
/** Bound on bytes handed to the worker and not yet written: memory stays flat on any corpus size. */
const MAX_IN_FLIGHT_BYTES = 48 * 1024 * 1024;
/**
 * Buffers are reused rather than allocated: touching fresh memory costs a page fault per 4 KiB,
 * which on a VM (lazily backed guest memory) made encoding several times slower.
 */
const MAX_BUFFERS = 6;
/** Hand over a batch after this many ops even if its buffer is not full, so the worker keeps busy. */
const MAX_OPS_PER_BATCH = 512;

// Slots of the shared Int32Array.
const PENDING = 0;
const DONE = 1;
const FAILED = 2;

type IoOp =
  | { t: 'mkdir'; path: string }
  | { t: 'open'; path: string }
  | { t: 'write'; off: number; len: number }
  | { t: 'close' }
  | { t: 'file'; path: string; text: string }
  | { t: 'end' };

interface IoBatch {
  buf: ArrayBuffer | null;
  /** Bytes of `buf` this batch writes; subtracted from PENDING once written. */
  bytes: number;
  ops: IoOp[];
}

// Plain JS evaluated in the worker, so it runs the same under tsx, vitest or plain node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const state = new Int32Array(workerData.shared);
const { errors, recycle } = workerData;
let fd = null;
parentPort.on('message', (batch) => {
  if (Atomics.load(state, ${FAILED}) !== 0) return;
  try {
    const bytes = batch.buf === null ? null : new Uint8Array(batch.buf);
    for (const op of batch.ops) {
      if (op.t === 'write') {
        let o = 0;
        while (o < op.len) o += fs.writeSync(fd, bytes, op.off + o, op.len - o);
      } else if (op.t === 'mkdir') {
        try { fs.mkdirSync(op.path); } catch (e) { if (e.code !== 'EEXIST') throw e; }
      } else if (op.t === 'open') {
        fd = fs.openSync(op.path, 'w');
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
    // Return the buffer before announcing progress: a main thread woken by the notify finds it.
    if (batch.buf !== null) recycle.postMessage(batch.buf, [batch.buf]);
    Atomics.sub(state, ${PENDING}, batch.bytes);
    Atomics.notify(state, ${PENDING});
  } catch (e) {
    errors.postMessage(String(e && e.stack ? e.stack : e));
    Atomics.store(state, ${FAILED}, 1);
    Atomics.store(state, ${DONE}, 1);
    Atomics.notify(state, ${PENDING});
    Atomics.notify(state, ${DONE});
  }
});
`;

export type Separator = 'after' | 'before' | 'none';

export class CorpusWriter {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(3 * 4));
  private readonly errorPort: MessagePort;
  private readonly recyclePort: MessagePort;
  private readonly knownDirs = new Set<string>();
  private buf: Buffer;
  private used = 0;
  /** Start of the open file's bytes in `buf` not yet covered by a write op. */
  private segmentStart = 0;
  private fileOpen = false;
  private ops: IoOp[] = [];
  private buffersAllocated = 1;

  /** `existingRoot` already exists; folders below it are created on demand. */
  constructor(existingRoot: string) {
    const errors = new MessageChannel();
    const recycle = new MessageChannel();
    this.errorPort = errors.port1;
    this.recyclePort = recycle.port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { shared: this.state.buffer, errors: errors.port2, recycle: recycle.port2 },
      transferList: [errors.port2, recycle.port2],
    });
    this.knownDirs.add(existingRoot);
    this.buf = Buffer.allocUnsafeSlow(BUFFER_BYTES);
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

  /** A small whole file (graph.json, metadata.json). */
  writeFile(dir: string, name: string, text: string): void {
    this.mkdirs(dir);
    this.ops.push({ t: 'file', path: join(dir, name), text });
  }

  open(dir: string, name: string): void {
    if (this.fileOpen) throw new Error('CorpusWriter: a file is already open');
    this.mkdirs(dir);
    this.ops.push({ t: 'open', path: join(dir, name) });
    this.segmentStart = this.used;
    this.fileOpen = true;
  }

  /**
   * Writes one line given as up to three pieces (so a large chat history is encoded from the
   * string it already is, not first copied into a new line string); returns its UTF-8 bytes.
   * `separator`: '\n' after the line (local log) or before it (S3 object: no trailing newline).
   */
  line(separator: Separator, a: string, b = '', c = ''): number {
    // UTF-16 code units to UTF-8 bytes is at most 3x; the bound avoids a byteLength pass.
    const bound = (a.length + b.length + c.length) * 3 + 2;
    if (bound > BUFFER_BYTES - this.used) this.handOver();
    if (bound > BUFFER_BYTES) return this.hugeLine(separator, `${a}${b}${c}`);
    const buf = this.buf;
    if (separator === 'before') buf[this.used++] = 10;
    const start = this.used;
    // A tight length argument (3 bytes per code unit, within the bound checked above) is
    // measurably faster than letting write() assume the rest of the 8 MiB buffer.
    let at = start + buf.write(a, start, a.length * 3);
    if (b.length > 0) at += buf.write(b, at, b.length * 3);
    if (c.length > 0) at += buf.write(c, at, c.length * 3);
    if (separator === 'after') buf[at++] = 10;
    this.used = at;
    return at - start - (separator === 'after' ? 1 : 0);
  }

  close(): void {
    this.pushSegment();
    this.ops.push({ t: 'close' });
    this.fileOpen = false;
    if (this.ops.length >= MAX_OPS_PER_BATCH) this.handOver();
  }

  /** Waits until everything is on disk, then stops the worker. */
  finish(): void {
    this.pushSegment();
    this.ops.push({ t: 'end' });
    this.post(this.used > 0 ? this.buf : null, this.used);
    while (Atomics.load(this.state, DONE) === 0) Atomics.wait(this.state, DONE, 0, 1000);
    this.checkFailed();
    this.abort();
  }

  /** Stops the worker without waiting (after an error on the main thread). */
  abort(): void {
    void this.worker.terminate();
    this.errorPort.close();
    this.recyclePort.close();
  }

  private pushSegment(): void {
    if (this.fileOpen && this.used > this.segmentStart) {
      this.ops.push({ t: 'write', off: this.segmentStart, len: this.used - this.segmentStart });
    }
    this.segmentStart = this.used;
  }

  /** Sends the current buffer and its ops to the worker and continues in a recycled buffer. */
  private handOver(): void {
    this.pushSegment();
    if (this.used === 0 && this.ops.length === 0) return;
    this.post(this.used > 0 ? this.buf : null, this.used);
    if (this.used > 0) this.buf = this.takeBuffer();
    this.used = 0;
    this.segmentStart = 0;
    this.throttle();
  }

  /** A line larger than a buffer (only the rare multi-MB state) gets a buffer of its own. */
  private hugeLine(separator: Separator, text: string): number {
    const encoded = Buffer.from(text, 'utf8');
    const extra = separator === 'none' ? 0 : 1;
    const own = Buffer.allocUnsafeSlow(encoded.length + extra);
    let at = 0;
    if (separator === 'before') own[at++] = 10;
    at += encoded.copy(own, at);
    if (separator === 'after') own[at++] = 10;
    this.ops.push({ t: 'write', off: 0, len: at });
    this.post(own, at);
    this.throttle();
    return encoded.length;
  }

  private post(buf: Buffer | null, bytes: number): void {
    const batch: IoBatch = { buf: buf === null ? null : (buf.buffer as ArrayBuffer), bytes, ops: this.ops };
    Atomics.add(this.state, PENDING, bytes);
    this.worker.postMessage(batch, batch.buf === null ? [] : [batch.buf]);
    this.ops = [];
  }

  private takeBuffer(): Buffer {
    for (;;) {
      const returned = receiveMessageOnPort(this.recyclePort);
      if (returned !== undefined) {
        const ab = returned.message as ArrayBuffer;
        // Buffers of huge lines come back too; only the standard size is pooled.
        if (ab.byteLength === BUFFER_BYTES) return Buffer.from(ab);
        continue;
      }
      if (this.buffersAllocated < MAX_BUFFERS) {
        this.buffersAllocated++;
        return Buffer.allocUnsafeSlow(BUFFER_BYTES);
      }
      this.checkFailed();
      Atomics.wait(this.state, PENDING, Atomics.load(this.state, PENDING), 50);
    }
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
    const message = receiveMessageOnPort(this.errorPort)?.message;
    this.abort();
    throw new Error(`corpus write failed: ${String(message ?? 'unknown error')}`);
  }
}
