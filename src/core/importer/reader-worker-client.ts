import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { WalkState } from '../burr/tree-walker';
import type { FileTask } from './file-task';
import {
  type FromReader,
  type ReaderWorkerData,
  TO_IMPORTER,
  TO_READER,
  type ToReader,
} from './reader-protocol';
import type { SidecarTask } from './sidecar-task';

const WAIT_MS = 1000;

/**
 * The importing thread's side of the reader worker: hand it the rest of the
 * walk, send it tasks ahead, take its messages in order, synchronously.
 */
export class ReaderWorkerClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counters: Int32Array;
  private failure: Error | null = null;

  private constructor(file: string | URL, walk: WalkState) {
    const channel = new MessageChannel();
    const signal = new SharedArrayBuffer(8);
    this.counters = new Int32Array(signal);
    this.port = channel.port1;
    const data: ReaderWorkerData = { port: channel.port2, signal };
    this.worker = new Worker(file, { workerData: data, transferList: [channel.port2] });
    this.worker.on('error', (error) => {
      this.failure = error;
      Atomics.add(this.counters, TO_IMPORTER, 1);
      Atomics.notify(this.counters, TO_IMPORTER);
    });
    this.worker.unref();
    this.send({ type: 'walk', state: walk });
  }

  /** A client continuing `walk`, when a worker script is available (given, or next to this file), else null. */
  static start(walk: WalkState, file?: string | URL): ReaderWorkerClient | null {
    const script = file ?? defaultWorkerFile();
    if (!script) return null;
    return new ReaderWorkerClient(script, walk);
  }

  readLog(task: FileTask): void {
    this.send({ type: 'log', task });
  }

  readSidecar(task: SidecarTask): void {
    this.send({ type: 'sidecar', task });
  }

  /** The next message from the worker, waiting for it. */
  next(): FromReader {
    for (;;) {
      const seen = Atomics.load(this.counters, TO_IMPORTER);
      const received = receiveMessageOnPort(this.port);
      if (received) return received.message as FromReader;
      if (this.failure) throw new Error(`The reader worker failed: ${this.failure.message}`);
      Atomics.wait(this.counters, TO_IMPORTER, seen, WAIT_MS);
    }
  }

  close(): void {
    this.send({ type: 'close' });
    this.port.close();
    void this.worker.terminate();
  }

  private send(message: ToReader): void {
    this.port.postMessage(message);
    Atomics.add(this.counters, TO_READER, 1);
    Atomics.notify(this.counters, TO_READER);
  }
}

function defaultWorkerFile(): URL | null {
  for (const name of ['./reader-worker.js', './reader-worker-tsx.mjs']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}
