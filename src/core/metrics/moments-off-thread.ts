import { workerScriptNextTo } from '../worker-script';
import { WorkerWithFallback } from '../worker-with-fallback';
import { type ColumnMoments, type MomentsInput, momentsOf } from './dashboard-moments';

/**
 * Runs the dashboard's passes in row order (momentsOf) on a long-lived worker thread, so that they
 * take the second core while this thread walks the sorted columns: at 1M streams they are ~90 ms of
 * a cold first view's ~330 ms dashboard. The arrays are handed over, not copied, so only input whose
 * every array is shared memory goes (a snapshot read from its file; its per-dashboard tables from a
 * shared scratch lease); any other runs here. The numbers are momentsOf's either way.
 */
export class MomentsWorker {
  private readonly thread: WorkerWithFallback<MomentsInput, ColumnMoments[]>;

  constructor(workerFile?: string | URL) {
    this.thread = new WorkerWithFallback(
      () => workerFile ?? workerScriptNextTo(import.meta.url, 'moments-worker'),
      momentsOf,
    );
    // Ready by the time a start's snapshot is read: the first view is the one that needs it most.
    this.thread.startEarly();
  }

  /** Inputs handed to its thread so far (shared ones, while it runs). */
  get sent(): number {
    return this.thread.sent;
  }

  /** Whether its thread is up (it starts with the worker; false after a failure). */
  get onThread(): boolean {
    return this.thread.onThread;
  }

  run(input: MomentsInput): Promise<ColumnMoments[]> {
    return allShared(input) ? this.thread.run(input) : Promise.resolve(momentsOf(input));
  }

  close(): void {
    this.thread.close();
  }
}

function allShared(input: MomentsInput): boolean {
  const arrays = [input.rows, input.base, input.breakdownRows, ...input.columns];
  return arrays.every((a) => a === null || a.buffer instanceof SharedArrayBuffer);
}
