import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { WalkState } from '../burr/tree-walker';
import { workerExecArgv, workerScriptNextTo } from '../worker-script';
import type { FileTask } from './file-task';
import {
  type Answer,
  type FoundMessage,
  type FromReader,
  IMPORTER_WAITING,
  READER_EXIT,
  type ReaderWorkerData,
  type ReadTask,
  SIGNAL_SLOTS,
  TO_IMPORTER,
  TO_READER,
  type ToReader,
  WALK_PAUSED,
} from './reader-protocol';
import type { SidecarTask } from './sidecar-task';

const WAIT_MS = 1000;
/** What is committed stays (the import rolls back only its open batch), so a re-run continues. */
const RUN_AGAIN = 'Run the import again: it continues where it stopped.';

/** What the worker sends after `ready`, one at a time: files found, or the answer to the next task. */
export type TaskAnswer = FoundMessage | Answer;

/**
 * The importing thread's side of the reader worker: check whether it has
 * started, send it tasks ahead, take its messages in order, synchronously.
 */
export class ReaderWorkerClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counters: Int32Array;
  private failure: Error | null = null;
  private started = false;
  /** Answers received in one message and not yet taken, in order. */
  private received: (Answer | undefined)[] = [];
  private receivedAt = 0;
  /** Tasks to send with the next `flush()`. */
  private outgoing: ReadTask[] = [];
  private walkPaused = false;

  private constructor(file: string | URL) {
    const channel = new MessageChannel();
    const signal = new SharedArrayBuffer(SIGNAL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    this.counters = new Int32Array(signal);
    this.port = channel.port1;
    const data: ReaderWorkerData = { port: channel.port2, signal };
    this.worker = new Worker(file, {
      workerData: data,
      transferList: [channel.port2],
      execArgv: workerExecArgv(file),
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      Atomics.add(this.counters, TO_IMPORTER, 1);
      Atomics.notify(this.counters, TO_IMPORTER);
    });
    this.worker.unref();
  }

  /** A client when a worker script is available (given, or next to this file), else null. */
  static start(file?: string | URL): ReaderWorkerClient | null {
    const script = file ?? workerScriptNextTo(import.meta.url, 'reader-worker');
    if (!script) return null;
    return new ReaderWorkerClient(script);
  }

  /** Whether the worker has started (never waits): until then the importing thread reads files itself. */
  get ready(): boolean {
    if (!this.started) {
      // The worker's first message is always `ready` (it posts it before taking any task).
      const received = receiveMessageOnPort(this.port);
      if (received) this.started = true;
      else this.throwIfGone();
    }
    return this.started;
  }

  /** Called only once the port is empty: a worker that ended has nothing more to say. */
  private throwIfGone(): void {
    if (this.failure) throw new Error(`The reader worker failed: ${this.failure.message}. ${RUN_AGAIN}`);
    const exit = Atomics.load(this.counters, READER_EXIT);
    if (exit !== 0)
      throw new Error(`The reader worker stopped unexpectedly (exit code ${exit - 1}). ${RUN_AGAIN}`);
  }

  /** Hands the rest of a walk to the worker: it reports what it finds as `found` messages. */
  walk(state: WalkState): void {
    this.send({ type: 'walk', state });
  }

  /** Queues a task; it goes to the worker with the next `flush()`. */
  readLog(task: FileTask): void {
    this.outgoing.push({ type: 'log', task });
  }

  readSidecar(task: SidecarTask): void {
    this.outgoing.push({ type: 'sidecar', task });
  }

  /**
   * Pauses the worker's walk (while enough files are planned) or lets it go on: a worker that waits
   * with nothing to read is woken at once.
   */
  pauseWalk(paused: boolean): void {
    if (paused === this.walkPaused) return;
    this.walkPaused = paused;
    Atomics.store(this.counters, WALK_PAUSED, paused ? 1 : 0);
    if (!paused) this.wakeReader();
  }

  /** Sends the queued tasks as one message. */
  flush(): void {
    if (this.outgoing.length === 0) return;
    this.send({ type: 'tasks', tasks: this.outgoing });
    this.outgoing = [];
  }

  waitUntilReady(): void {
    while (!this.ready) {
      const seen = Atomics.load(this.counters, TO_IMPORTER);
      if (!this.ready) Atomics.wait(this.counters, TO_IMPORTER, seen, WAIT_MS);
    }
  }

  /** The next message if one has arrived, else null (never waits). */
  poll(): TaskAnswer | null {
    if (this.receivedAt < this.received.length) return this.takeReceived();
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (!received) {
        this.throwIfGone();
        return null;
      }
      const message = received.message as FromReader;
      if (message.type === 'found') return message;
      if (message.type === 'answers') {
        this.received = message.answers;
        this.receivedAt = 0;
        return this.takeReceived();
      }
      this.started = true;
    }
  }

  private takeReceived(): Answer {
    const answer = this.received[this.receivedAt] as Answer;
    this.received[this.receivedAt++] = undefined; // collectable once applied
    return answer;
  }

  /** The next message, waiting for it. */
  next(): TaskAnswer {
    for (;;) {
      const seen = Atomics.load(this.counters, TO_IMPORTER);
      const message = this.poll();
      if (message) return message;
      // Tell the worker to send what it holds instead of filling a whole message first.
      Atomics.store(this.counters, IMPORTER_WAITING, 1);
      if (Atomics.load(this.counters, TO_IMPORTER) === seen)
        Atomics.wait(this.counters, TO_IMPORTER, seen, WAIT_MS);
      Atomics.store(this.counters, IMPORTER_WAITING, 0);
    }
  }

  close(): void {
    this.send({ type: 'close' });
    this.port.close();
    void this.worker.terminate();
  }

  private send(message: ToReader): void {
    this.port.postMessage(message);
    this.wakeReader();
  }

  /** The worker sleeps on TO_READER when it has nothing to do: a bump wakes it to look again. */
  private wakeReader(): void {
    Atomics.add(this.counters, TO_READER, 1);
    Atomics.notify(this.counters, TO_READER);
  }
}
