import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { TreeWalker, type WalkBatch } from '../burr/tree-walker';
import { runFileTask } from './file-task';
import {
  type Answer,
  type FromReader,
  IMPORTER_WAITING,
  packFiles,
  READER_EXIT,
  type ReaderWorkerData,
  type ReadTask,
  TO_IMPORTER,
  TO_READER,
  type ToReader,
  WALK_PAUSED,
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
/** Answers held back for one message while more tasks are queued: enough to make the per-message cost small,
 * few enough that the importing thread gets work soon after it runs dry. */
const ANSWERS_PER_MESSAGE = 16;
const IDLE_WAIT_MS = 1000;

const tasks: ReadTask[] = [];
let answers: Answer[] = [];
let walker: TreeWalker | null = null;
let walkReported = true;
let closed = false;

const post = (message: FromReader): boolean => {
  port.postMessage(message);
  Atomics.add(counters, TO_IMPORTER, 1);
  Atomics.notify(counters, TO_IMPORTER);
  return true;
};

const importerWaiting = (): boolean => Atomics.load(counters, IMPORTER_WAITING) !== 0;

const answer = (message: Answer): boolean => {
  answers.push(message);
  // Held only while more files are queued (a big file's chunks, read last, go one by one), and never
  // while the importing thread waits.
  if (answers.length >= ANSWERS_PER_MESSAGE || tasks.length === 0 || importerWaiting()) postAnswers();
  return true;
};

function postAnswers(): void {
  if (answers.length === 0) return;
  post({ type: 'answers', answers });
  answers = [];
}

function takeMessages(): void {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (!received) return;
    const message = received.message as ToReader;
    if (message.type === 'close') closed = true;
    else if (message.type === 'walk') {
      walker = TreeWalker.resume(message.state);
      walkReported = false;
    } else for (const task of message.tasks) tasks.push(task);
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

// Runs however the thread ends (process.exit, an uncaught exception, the normal end): everything posted
// before it is already on the port, so the importing thread takes those messages first.
process.on('exit', (code) => {
  Atomics.store(counters, READER_EXIT, code + 1);
  Atomics.add(counters, TO_IMPORTER, 1);
  Atomics.notify(counters, TO_IMPORTER);
});

post({ type: 'ready' });
while (!closed) {
  const seen = Atomics.load(counters, TO_READER);
  takeMessages();
  if (closed) break;
  const task = tasks.shift();
  if (task?.type === 'log') runFileTask(task.task, scratch, answer);
  else if (task?.type === 'sidecar') answer(readSidecar(task.task));
  // Nothing more to read for now, or the importing thread is waiting: what is held goes at once.
  if (tasks.length === 0 || importerWaiting()) postAnswers();
  // Keep the walk ahead of the reading, so the importer always has the next files planned (not too
  // far ahead: while the walk is paused the importing thread has files to send, and sending wakes this).
  if (!walkReported && Atomics.load(counters, WALK_PAUSED) === 0) {
    walkSome();
    // The importing thread may have started waiting while this walked.
    if (importerWaiting()) postAnswers();
  } else if (!task) Atomics.wait(counters, TO_READER, seen, IDLE_WAIT_MS);
}
port.close();
