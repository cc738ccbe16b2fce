import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { TreeWalker, type WalkBatch } from '../burr/tree-walker';
import { runFileTask } from './file-task';
import {
  type FromReader,
  packFiles,
  type ReaderWorkerData,
  TO_IMPORTER,
  TO_READER,
  type ToReader,
} from './reader-protocol';
import { readSidecar } from './sidecar-task';

/**
 * Reader-worker entry: the file-system half of a big import (walking the rest
 * of the tree, reading and parsing files) on the second core while the
 * importing thread writes rows. A plain synchronous loop: run the next task
 * if there is one, walk a little further, sleep when there is nothing to do.
 * Every posted message bumps a shared counter, so the importing thread can
 * sleep on it with Atomics.wait and stay synchronous too.
 */
const { port, signal } = workerData as ReaderWorkerData;
const counters = new Int32Array(signal);
const scratch = { buf: Buffer.allocUnsafe(4 * 1024 * 1024) };
/** Files per `found` message: small enough that the importer gets work at once. */
const FOUND_BATCH = 32;
const IDLE_WAIT_MS = 1000;

const tasks: ToReader[] = [];
let walker: TreeWalker | null = null;
let walkReported = true;
let closed = false;

const post = (message: FromReader): boolean => {
  port.postMessage(message);
  Atomics.add(counters, TO_IMPORTER, 1);
  Atomics.notify(counters, TO_IMPORTER);
  return true;
};

function takeMessages(): void {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (!received) return;
    const message = received.message as ToReader;
    if (message.type === 'close') closed = true;
    else if (message.type === 'walk') {
      walker = TreeWalker.resume(message.state);
      walkReported = false;
    } else tasks.push(message);
  }
}

/** Lists folders until a batch of files is found (or the walk ends) and reports them. */
function walkSome(): void {
  if (!walker || walkReported) return;
  const batch: WalkBatch = { files: [], errors: [] };
  while (!walker.done && batch.files.length < FOUND_BATCH) walker.step(batch);
  walkReported = walker.done;
  post({ type: 'found', files: packFiles(batch.files), errors: batch.errors, walkDone: walker.done });
}

post({ type: 'ready' });
while (!closed) {
  const seen = Atomics.load(counters, TO_READER);
  takeMessages();
  if (closed) break;
  const task = tasks.shift();
  if (task?.type === 'log') runFileTask(task.task, scratch, post);
  else if (task?.type === 'sidecar') post(readSidecar(task.task));
  // Keep the walk ahead of the reading, so the importer always has the next files planned.
  if (!walkReported) walkSome();
  else if (!task) Atomics.wait(counters, TO_READER, seen, IDLE_WAIT_MS);
}
port.close();
