import { setImmediate as nextTurn } from 'node:timers/promises';
import { S3SyncError } from '../s3/s3-errors';
import type { StoreDatabase } from '../store/open-store';
import type { ImportRunner } from './run-import-in-worker';
import { runImportJob } from './run-import-job';

/**
 * Runs import jobs in this thread, on the caller's connection: for the CLI, which has no UI to
 * keep responsive and wants its progress on the terminal as the import goes. The job queue, the
 * handlers and the events are the same as in the app (the app runs jobs in a worker instead).
 */
export function inProcessImportRunner(db: StoreDatabase): ImportRunner {
  return (request) => {
    let cancelled = false;
    const run = async () => {
      await nextTurn(); // the queue records the job as running before it starts
      try {
        return await runImportJob(db, request, {
          ...(request.onProgress ? { onProgress: request.onProgress } : {}),
          shouldCancel: () => cancelled,
        });
      } catch (error) {
        // The queue pauses an S3 source on some kinds of failure, as with the worker's errors.
        if (error instanceof S3SyncError) throw Object.assign(new Error(error.message), { kind: error.kind });
        throw error;
      }
    };
    return {
      done: run(),
      cancel: () => {
        cancelled = true;
      },
    };
  };
}
