import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { FileTask, TaskMessage } from './file-task';
import type { ParseWorkerData } from './parse-worker';

const WAIT_MS = 1000;

/**
 * The importing thread's side of the parse worker: submit file tasks ahead,
 * then take their messages in order, synchronously.
 */
export class ParseWorkerClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counter: Int32Array;
  private failure: Error | null = null;

  private constructor(file: string | URL) {
    const channel = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    this.counter = new Int32Array(signal);
    this.port = channel.port1;
    const data: ParseWorkerData = { port: channel.port2, signal };
    this.worker = new Worker(file, { workerData: data, transferList: [channel.port2] });
    this.worker.on('error', (error) => {
      this.failure = error;
      Atomics.add(this.counter, 0, 1);
      Atomics.notify(this.counter, 0);
    });
    this.worker.unref();
  }

  /** A client when a worker script is available next to this file (source or build), else null. */
  static start(file?: string | URL): ParseWorkerClient | null {
    const script = file ?? defaultWorkerFile();
    if (!script) return null;
    return new ParseWorkerClient(script);
  }

  submit(task: FileTask): void {
    this.port.postMessage(task);
  }

  /** The next message from the worker, waiting for it. */
  next(): TaskMessage {
    for (;;) {
      const seen = Atomics.load(this.counter, 0);
      const received = receiveMessageOnPort(this.port);
      if (received) return received.message as TaskMessage;
      if (this.failure) throw new Error(`The parse worker failed: ${this.failure.message}`);
      Atomics.wait(this.counter, 0, seen, WAIT_MS);
    }
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}

function defaultWorkerFile(): URL | null {
  for (const name of ['./parse-worker.js', './parse-worker-tsx.mjs']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}
