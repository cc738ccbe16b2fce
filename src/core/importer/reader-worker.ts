import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { runFileTask } from './file-task';
import {
  type FromReader,
  type ReaderWorkerData,
  TO_IMPORTER,
  TO_READER,
  type ToReader,
} from './reader-protocol';
import { readSidecar } from './sidecar-task';

/**
 * Reader-worker entry: reads and parses files (the CPU-heavy half of a big
 * import) on the second core while the importing thread writes rows. A plain
 * synchronous loop: take the next task, run it, post its messages; sleep when
 * there is none. Every posted message bumps a shared counter, so the
 * importing thread can sleep on it with Atomics.wait and stay synchronous too.
 */
const { port, signal } = workerData as ReaderWorkerData;
const counters = new Int32Array(signal);
const scratch = { buf: Buffer.allocUnsafe(4 * 1024 * 1024) };
const IDLE_WAIT_MS = 1000;

const post = (message: FromReader): boolean => {
  port.postMessage(message);
  Atomics.add(counters, TO_IMPORTER, 1);
  Atomics.notify(counters, TO_IMPORTER);
  return true;
};

post({ type: 'ready' });
for (;;) {
  const seen = Atomics.load(counters, TO_READER);
  const received = receiveMessageOnPort(port);
  if (!received) {
    Atomics.wait(counters, TO_READER, seen, IDLE_WAIT_MS);
    continue;
  }
  const task = received.message as ToReader;
  if (task.type === 'close') break;
  if (task.type === 'log') runFileTask(task.task, scratch, post);
  else post(readSidecar(task.task));
}
port.close();
