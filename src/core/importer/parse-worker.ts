import { type MessagePort, workerData } from 'node:worker_threads';
import { type FileTask, runFileTask } from './file-task';

/**
 * Parse-worker entry: reads and parses log files (the CPU-heavy half of an
 * import) while the importing thread writes rows on the other core. Tasks
 * arrive on `port` in order; every message posted back bumps a shared
 * counter, so the importing thread can sleep on it with Atomics.wait and stay
 * synchronous (checkpoints are simpler to reason about that way).
 */
export interface ParseWorkerData {
  port: MessagePort;
  signal: SharedArrayBuffer;
}

const { port, signal } = workerData as ParseWorkerData;
const counter = new Int32Array(signal);
const scratch = { buf: Buffer.allocUnsafe(4 * 1024 * 1024) };

port.on('message', (task: FileTask) => {
  runFileTask(task, scratch, (message) => {
    port.postMessage(message);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
    return true;
  });
});
