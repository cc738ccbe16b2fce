import { parentPort, Worker } from 'node:worker_threads';
import { workerExecArgv } from './worker-script';

interface Pending<Job, Result> {
  job: Job;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * One long-lived worker thread for pure jobs, falling back to this thread when it cannot start or
 * fails: a job's result must not depend on where it ran, so the fallback is the same function the
 * worker runs. The worker script answers `{ id, job }` with `{ id, result }` (or `{ id, error }`,
 * which is then run here): see runJobsFromParent. A job that fails here too rejects its promise.
 */
export class WorkerWithFallback<Job, Result> {
  private worker: Worker | null = null;
  private unavailable = false;
  private nextId = 1;
  private handedOver = 0;
  private readonly pending = new Map<number, Pending<Job, Result>>();

  constructor(
    /** The worker's script, asked for when the thread starts; null: none at hand, every job runs here. */
    private readonly script: () => string | URL | null,
    private readonly runHere: (job: Job) => Result,
  ) {}

  /** Whether jobs go to a thread now (else they run here): false until it starts, and after a failure. */
  get onThread(): boolean {
    return this.worker !== null;
  }

  /** Jobs handed to the thread so far (the rest ran here). */
  get sent(): number {
    return this.handedOver;
  }

  /** Starts the thread now rather than at the first job (a thread takes tens of ms to be ready). */
  startEarly(): void {
    this.start();
  }

  run(job: Job): Promise<Result> {
    const worker = this.start();
    if (!worker) return new Promise((resolve, reject) => this.settleHere({ job, resolve, reject }));
    const id = this.nextId++;
    this.handedOver++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { job, resolve, reject });
      // A job in flight keeps the process alive until it is answered; an idle thread does not.
      if (this.pending.size === 1) worker.ref();
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
    let worker: Worker;
    try {
      const script = this.script();
      if (!script) throw new Error('no worker script');
      worker = new Worker(script, { execArgv: workerExecArgv(script) });
    } catch {
      // No script, or one a thread cannot start from: every job runs here.
      this.unavailable = true;
      return null;
    }
    worker.on('message', (message: { id: number; result?: Result; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.error === undefined && message.result !== undefined) pending.resolve(message.result);
      else this.settleHere(pending);
    });
    // A worker that fails or stops: what it had pending runs here, and so does everything after.
    const fail = (): void => {
      this.unavailable = true;
      this.worker = null;
      this.fallBack();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    // After the listeners (adding one refs the thread again): an idle thread never keeps the
    // process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private fallBack(): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      this.settleHere(pending);
    }
  }

  /** Runs a job here: its result, or its error, settles the promise (never a throw in a listener). */
  private settleHere({ job, resolve, reject }: Pending<Job, Result>): void {
    try {
      resolve(this.runHere(job));
    } catch (error) {
      reject(error);
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
