// The real import worker, made to die the way a thread dies when native code
// aborts or the OS kills it: no exception to catch, the thread just ends.
// It dies only when the file named by STREAM_LENS_TEST_DIE_FILE exists, and
// removes that file first, so the next worker the runner starts is healthy.
// The file says when:
// - "mid-import N": at the first progress report past N bytes read;
// - "when-idle":  a moment after a job is done, while the worker waits for the next;
// - "at-start":   throws while loading (the runner sees an 'error' event, then exit 1).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const dieFile = process.env.STREAM_LENS_TEST_DIE_FILE;
const [mode, arg] = dieFile && existsSync(dieFile) ? readFileSync(dieFile, 'utf8').trim().split(' ') : [];
const pastBytes = Number(arg ?? 0);
if (dieFile && mode) rmSync(dieFile, { force: true });

if (mode === 'at-start') throw new Error('the import worker could not start (test)');

register();
if (parentPort && (mode === 'mid-import' || mode === 'when-idle')) {
  const post = parentPort.postMessage.bind(parentPort);
  parentPort.postMessage = (message, ...rest) => {
    if (mode === 'mid-import' && message?.type === 'progress' && message.progress.bytesDone > pastBytes)
      process.exit(70);
    const sent = post(message, ...rest);
    if (mode === 'when-idle' && message?.type === 'done') setTimeout(() => process.exit(71), 20);
    return sent;
  };
}
await import('../../src/core/importer/import-worker.ts');
