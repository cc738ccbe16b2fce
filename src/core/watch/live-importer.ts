import path from 'node:path';
import { isWithin, sourceLocationsFor, topmostPaths } from './path-set';

/** One live re-import: the changed paths, and the opened sources they belong to (`ImportOptions.sourceLocations`). */
export interface LiveImportRequest {
  paths: string[];
  sourceLocations: string[];
}

export interface LiveImporterOptions<R> {
  /** Runs one import (the service: its job queue; the CLI: importPaths in process). Settles when it is done. */
  run(request: LiveImportRequest): Promise<R> | R;
  /** The opened sources right now: paths outside them are dropped (a source removed meanwhile). */
  sources(): readonly string[];
  onImported?(request: LiveImportRequest, result: R): void;
  /** An import threw (a database error: file errors are in the summary). `willRetry` says whether its paths are queued again. */
  onError?(error: unknown, request: LiveImportRequest, willRetry: boolean): void;
  /** Wait before retrying failed paths. Default 2,000. */
  retryMs?: number;
  /** Consecutive failures retried before giving up (the next change retries anyway). Default 3. */
  maxRetries?: number;
  /**
   * Largest share of the time spent importing while an app keeps writing
   * (default 0.25): with d the shortest of the last few live imports, the next
   * one waits d * (1 / share - 1) ms after the previous ended, at most
   * `maxWaitMs`. Costs nothing when imports are cheap (a few ms); bounds the
   * CPU when each has a fixed cost (a worker thread started per job), trading
   * latency for it. Imports of a whole source (catch-up) do not count.
   */
  maxBusyShare?: number;
  /** Upper bound of that wait (a long catch-up import must not stall live updates). Default 5,000. */
  maxWaitMs?: number;
}

const RECENT_IMPORTS = 5;

/**
 * Turns reported changes into imports, one at a time: while an import runs,
 * new changes gather and go into the next one, so a busy writer never piles
 * up imports. Re-reading only new bytes is the importer's job.
 */
export class LiveImporter<R = unknown> {
  private readonly pending = new Set<string>();
  private running: Promise<void> | null = null;
  /** Set while waiting to retry a failure or to respect `maxBusyShare`: changes gather meanwhile. */
  private waitTimer: NodeJS.Timeout | null = null;
  private notBefore = 0;
  /** Durations of the last few live imports: their minimum is the fixed cost per import. */
  private readonly recentMs: number[] = [];
  private failures = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: LiveImporterOptions<R>) {}

  enqueue(paths: readonly string[]): void {
    if (this.closed) return;
    for (const p of paths) this.pending.add(path.resolve(p));
    this.pump();
  }

  /** True while an import runs or changes wait for one. */
  get busy(): boolean {
    return this.running !== null || this.waitTimer !== null || this.pending.size > 0;
  }

  /** Resolves when nothing runs or waits (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops waiting changes and resolves once the running import (if any) is done. */
  async close(): Promise<void> {
    this.closed = true;
    this.pending.clear();
    if (this.waitTimer) clearTimeout(this.waitTimer);
    this.waitTimer = null;
    await this.running;
    this.settleIdle();
  }

  private pump(): void {
    if (this.running || this.waitTimer) return;
    if (this.closed || this.pending.size === 0) {
      this.settleIdle();
      return;
    }
    const wait = this.notBefore - performance.now();
    if (wait > 0) {
      this.wait(wait);
      return;
    }
    const sources = this.options.sources().map((s) => path.resolve(s));
    const paths = topmostPaths(this.pending).filter((p) => sources.some((s) => isWithin(p, s)));
    this.pending.clear();
    if (paths.length === 0) {
      this.settleIdle();
      return;
    }
    const request: LiveImportRequest = { paths, sourceLocations: sourceLocationsFor(paths, sources) };
    this.running = this.runOne(request).finally(() => {
      this.running = null;
      this.pump();
    });
  }

  private async runOne(request: LiveImportRequest): Promise<void> {
    const started = performance.now();
    let result: R;
    try {
      result = await this.options.run(request);
    } catch (error) {
      this.failures++;
      const willRetry = !this.closed && this.failures <= (this.options.maxRetries ?? 3);
      if (willRetry) {
        for (const p of request.paths) this.pending.add(p);
        this.wait(this.options.retryMs ?? 2_000);
      } else this.failures = 0;
      this.callback(() => this.options.onError?.(error, request, willRetry));
      return;
    }
    this.failures = 0;
    const ended = performance.now();
    if (!request.paths.some((p) => request.sourceLocations.includes(p))) {
      this.recentMs.push(ended - started);
      if (this.recentMs.length > RECENT_IMPORTS) this.recentMs.shift();
    }
    if (this.recentMs.length > 0) {
      const share = Math.min(1, Math.max(0.01, this.options.maxBusyShare ?? 0.25));
      const pause = Math.min(this.options.maxWaitMs ?? 5_000, Math.min(...this.recentMs) * (1 / share - 1));
      this.notBefore = ended + pause;
    }
    this.callback(() => this.options.onImported?.(request, result));
  }

  private wait(ms: number): void {
    this.waitTimer = setTimeout(() => {
      this.waitTimer = null;
      this.pump();
    }, ms);
  }

  /** A throwing listener must not stop live importing. */
  private callback(fn: () => void): void {
    try {
      fn();
    } catch {
      // The host's listener failed (a closed window): nothing to undo here.
    }
  }

  private settleIdle(): void {
    if (this.busy) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
