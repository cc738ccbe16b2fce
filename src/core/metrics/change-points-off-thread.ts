import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ChangePoint, eDivisive } from './change-points';
import { mulberry32, normalVariate } from './random';

/** One series to test, with eDivisive's options (the generator rebuilt from its seed where it runs). */
export interface EDivisiveJob {
  series: number[];
  minSize: number;
  alpha: number;
  permutations: number;
  seed: number;
}

export function runEDivisive(job: EDivisiveJob): ChangePoint[] {
  return eDivisive(job.series, { ...job, rng: mulberry32(job.seed) });
}

interface Pending {
  jobs: EDivisiveJob[];
  resolve: (result: ChangePoint[][]) => void;
  /** Run here when the worker fails (a request's jobs); false: dropped (made-up warm-up jobs). */
  fallBack: boolean;
}

/**
 * Worker threads E-divisive's jobs are spread over: the dashboard's four series, two per thread on
 * a small machine, one each where there are cores to spare (the request waits for the slowest).
 */
const THREADS = Math.min(4, Math.max(2, availableParallelism() - 1));

/**
 * Runs E-divisive jobs in long-lived worker threads (THREADS of them, each job on one, in job
 * order round-robin, carried on from one call to the next) when a worker script is at hand (from
 * source, or built next to this file); otherwise, or once a worker failed, on this thread. Only
 * the trend series (at most a few hundred numbers) cross over, so a request can start them,
 * compute its charts meanwhile, then collect the change points. Each job's result depends on its
 * series and seed only: the same either way.
 */
export class ChangePointWorker {
  private readonly threads: OneWorker[];
  /** The thread the next job goes to: a request hands its series over in several calls. */
  private next = 0;

  constructor(workerFile?: string | URL, threads = THREADS) {
    this.threads = Array.from({ length: Math.max(1, threads) }, () => new OneWorker(workerFile));
  }

  async run(jobs: EDivisiveJob[]): Promise<ChangePoint[][]> {
    const { share, next } = roundRobin(jobs.length, this.threads.length, this.next);
    this.next = next;
    const results = await Promise.all(
      share.map((idx, t) =>
        idx.length === 0 ? [] : (this.threads[t] as OneWorker).run(idx.map((i) => jobs[i] as EDivisiveJob)),
      ),
    );
    const out: ChangePoint[][] = new Array(jobs.length);
    share.forEach((idx, t) => {
      idx.forEach((i, k) => {
        out[i] = results[t]?.[k] ?? [];
      });
    });
    return out;
  }

  /**
   * Has each thread run `rounds` made-up jobs (warmUpJob) on its own, so the first real request
   * does not pay V8's compiling of E-divisive's loops: a fresh thread's first runs measured several
   * times slower than later ones (at 1M streams the first trend request's change points took 1 s
   * rather than 0.2). Posted at once (a busy service thread need not turn its event loop for it);
   * each thread runs one made-up job per turn of its own loop, so a real job posted meanwhile waits
   * for one of them at most. Nothing when jobs would run on this thread (no worker script): that
   * would hold the service thread. Resolves when every thread is done.
   */
  async warmUp(rounds = WARM_UP_ROUNDS): Promise<void> {
    await Promise.all(this.threads.map((t) => t.warmUp(rounds)));
  }

  close(): void {
    for (const t of this.threads) t.close();
  }
}

/** Made-up jobs per thread warmUp runs by default: enough for the measured runs to level off. */
const WARM_UP_ROUNDS = 6;

/** Runs warmUpJob 1…rounds, one per event-loop turn (messages in between are answered first), then `done`. */
export function runWarmUp(rounds: number, done: () => void, round = 1): void {
  if (round > rounds) return done();
  runEDivisive(warmUpJob(round));
  setImmediate(() => runWarmUp(rounds, done, round + 1));
}

/**
 * A made-up trend series shaped like the dashboard's (99 buckets, the default settings: see
 * regressionSettings): seeded noise with three level shifts, so E-divisive accepts change points and
 * runs its permutation tests in full, the paths a real trend takes.
 */
export function warmUpJob(seed: number): EDivisiveJob {
  const rng = mulberry32(seed);
  const series = Array.from(
    { length: 99 },
    (_, i) => 100 + 10 * normalVariate(rng) + (i >= 25 ? 30 : 0) - (i >= 50 ? 50 : 0) + (i >= 75 ? 40 : 0),
  );
  return { series, minSize: 5, alpha: 0.01, permutations: 499, seed };
}

/**
 * Jobs 0…count−1 dealt to `threads` threads in turn from thread `start` (share[t]: thread t's jobs),
 * and the thread the next call starts at: a request hands its series over one metric at a time,
 * and with more threads than a call's jobs each call would otherwise start over at thread 0.
 */
export function roundRobin(
  count: number,
  threads: number,
  start: number,
): { share: number[][]; next: number } {
  const share = Array.from({ length: threads }, () => [] as number[]);
  let t = start % threads;
  for (let i = 0; i < count; i++) {
    share[t]?.push(i);
    t = (t + 1) % threads;
  }
  return { share, next: t };
}

/** One long-lived worker thread, falling back to this thread when it cannot start or fails. */
class OneWorker {
  private worker: Worker | null = null;
  private unavailable = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly workerFile?: string | URL) {}

  run(jobs: EDivisiveJob[]): Promise<ChangePoint[][]> {
    return this.post({ jobs }, jobs, true) ?? Promise.resolve(jobs.map(runEDivisive));
  }

  /** Has the worker thread run made-up jobs (see ChangePointWorker.warmUp); nothing without one. */
  async warmUp(rounds: number): Promise<void> {
    await this.post({ warmUp: rounds }, [], false);
  }

  /**
   * Posts a request to the worker thread; null (nothing posted) when there is none. Should the
   * thread fail meanwhile, `jobs` are run here if `fallBack`, else resolved as finding nothing.
   */
  private post(
    request: { jobs: EDivisiveJob[] } | { warmUp: number },
    jobs: EDivisiveJob[],
    fallBack: boolean,
  ): Promise<ChangePoint[][]> | null {
    const worker = this.start();
    if (!worker) return null;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { jobs, resolve, fallBack });
      worker.postMessage({ id, ...request });
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
    const script = this.workerFile ?? workerScript();
    if (!script) {
      this.unavailable = true;
      return null;
    }
    const worker = new Worker(script);
    // An idle worker never keeps the process alive.
    worker.unref();
    worker.on('message', (message: { id: number; result?: ChangePoint[][]; error?: string }) => {
      const job = this.pending.get(message.id);
      if (!job) return;
      this.pending.delete(message.id);
      job.resolve(message.result ?? ranHere(job));
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
    for (const [id, job] of this.pending) {
      this.pending.delete(id);
      job.resolve(ranHere(job));
    }
  }
}

function ranHere(job: Pending): ChangePoint[][] {
  return job.fallBack ? job.jobs.map(runEDivisive) : job.jobs.map(() => []);
}

function workerScript(): URL | null {
  for (const name of ['./change-points-worker.js', './change-points-worker-tsx.mjs']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}
