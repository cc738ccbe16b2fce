import { availableParallelism } from 'node:os';
import { workerScriptNextTo } from '../worker-script';
import { WorkerWithFallback } from '../worker-with-fallback';
import { type ChangePoint, eDivisive } from './change-points';
import { mulberry32 } from './random';

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

/** One thread's share of a call's jobs: their change points, in the order given. */
type EDivisiveThread = WorkerWithFallback<EDivisiveJob[], ChangePoint[][]>;

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
  private readonly threads: EDivisiveThread[];
  /** The thread the next job goes to: a request hands its series over in several calls. */
  private next = 0;

  constructor(workerFile?: string | URL, threads = THREADS) {
    this.threads = Array.from(
      { length: Math.max(1, threads) },
      () =>
        new WorkerWithFallback(
          () => workerFile ?? changePointsWorkerScript(),
          (jobs: EDivisiveJob[]) => jobs.map(runEDivisive),
        ),
    );
  }

  async run(jobs: EDivisiveJob[]): Promise<ChangePoint[][]> {
    const { share, next } = roundRobin(jobs.length, this.threads.length, this.next);
    this.next = next;
    const results = await Promise.all(
      share.map((idx, t) =>
        idx.length === 0
          ? []
          : (this.threads[t] as EDivisiveThread).run(idx.map((i) => jobs[i] as EDivisiveJob)),
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

  close(): void {
    for (const t of this.threads) t.close();
  }
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

/**
 * The built worker next to this module, else (from source: CLI, `serve`, tests, benchmarks) a
 * bundle of its sources, else the tsx wrapper. Through the wrapper each thread compiles its modules
 * again before its first job: the two threads answered a first (tiny) job after 0.4-0.55 s, from
 * the bundle after 0.2-0.33 s (see worker-script.ts).
 */
export function changePointsWorkerScript(): string | URL | null {
  return workerScriptNextTo(import.meta.url, 'change-points-worker');
}
