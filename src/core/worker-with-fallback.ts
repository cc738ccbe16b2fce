import { parentPort, Worker } from 'node:worker_threads';

/**
 * One long-lived worker thread for pure jobs, falling back to this thread when it cannot start or
 * fails: a job's result must not depend on where it ran, so the fallback is the same function the
 * worker runs. The worker script answers `{ id, job }` with `{ id, result }` (or `{ id, error }`,
 * which is then run here): see runJobsFromParent.
 */
export class WorkerWithFallback<Job, Result> {
  private worker: Worker | null = null;
  private unavailable = false;
  private nextId = 1;
  /** Jobs handed to the thread so far (the rest ran here). */
  sent = 0;
  private readonly pending = new Map<number, { job: Job; resolve: (result: Result) => void }>();

  constructor(
    /** The worker's script, asked for on first use; null: none at hand, every job runs here. */
    private readonly script: () => string | URL | null,
    private readonly runHere: (job: Job) => Result,
  ) {}

  /** Whether jobs go to a thread now (else they run here): false before the first, and after a failure. */
  get onThread(): boolean {
    return this.worker !== null;
  }

  /** Starts the thread now rather than at the first job (a thread takes tens of ms to be ready). */
  startEarly(): void {
    this.start();
  }

  run(job: Job): Promise<Result> {
    const worker = this.start();
    if (!worker) return Promise.resolve(this.runHere(job));
    const id = this.nextId++;
    this.sent++;
    return new Promise((resolve) => {
      this.pending.set(id, { job, resolve });
      worker.postMessage({ id, job });
    });
  }

  close(): void {
    this.unavailable = true;
    void this.worker?.terminate();
    this.worker = null;
    this.fallBack();
  }

  private start(): Worker | null {
    if (this.worker || this.unavailable) return this.worker;
    const script = this.script();
    if (!script) {
      this.unavailable = true;
      return null;
    }
    // A bundle (or a built script) is JavaScript already: not this process's flags, which from
    // source load tsx's hooks, ~70 ms of a thread's start. A tsx wrapper keeps them (as the import's
    // reader thread does: reader-worker-client.ts).
    const execArgv = String(script).endsWith('-tsx.mjs') ? undefined : [];
    const worker = new Worker(script, { execArgv });
    // An idle worker never keeps the process alive.
    worker.unref();
    worker.on('message', (message: { id: number; result?: Result; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      pending.resolve(
        message.error === undefined && message.result !== undefined
          ? message.result
          : this.runHere(pending.job),
      );
    });
    // A worker that fails or stops: what it had pending runs here, and so does everything after.
    const fail = (): void => {
      this.unavailable = true;
      this.worker = null;
      this.fallBack();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    return worker;
  }

  private fallBack(): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.resolve(this.runHere(pending.job));
    }
  }
}

/** A worker script's side of WorkerWithFallback: answers each job its parent posts with `run`'s result. */
export function runJobsFromParent<Job, Result>(run: (job: Job) => Result): void {
  parentPort?.on('message', ({ id, job }: { id: number; job: Job }) => {
    try {
      parentPort?.postMessage({ id, result: run(job) });
    } catch (error) {
      parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
