// The real reader worker (the second thread of a big import), made to end its
// thread after a few answers, the way a thread dies when native code aborts:
// no exception for the importing thread to catch, just silence. It dies only
// when the file named by STREAM_LENS_TEST_DIE_FILE says "reader N" (die after
// N answer messages), and removes that file first, so the next one is healthy.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { MessagePort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const dieFile = process.env.STREAM_LENS_TEST_DIE_FILE;
const [mode, arg] = dieFile && existsSync(dieFile) ? readFileSync(dieFile, 'utf8').trim().split(' ') : [];
if (dieFile && mode === 'reader') {
  rmSync(dieFile, { force: true });
  const after = Number(arg ?? 1);
  let answersSent = 0;
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function postThenDie(message, ...rest) {
    if (message?.type === 'answers' && ++answersSent > after) process.exit(72);
    return post.call(this, message, ...rest);
  };
}
register();
await import('../../src/core/importer/reader-worker.ts');
