/**
 * The watcher's timers and deferred steps, kept by name so that each kind is
 * pending at most once, `close()` cancels every one of them at once, and none
 * keeps the process alive when the watcher is not persistent (as
 * `fs.watch(..., { persistent: false })` does not).
 */

export type TimerName = 'flush' | 'sweep' | 'poll' | 'walk' | 'pass:sweep' | 'pass:poll' | 'pass:reattach';

/** Work done in one go before yielding, so a big tree never blocks the host's event loop (UI, HTTP). */
export const SLICE_MS = 8;

export class WatchTimers {
  private readonly timeouts = new Map<TimerName, NodeJS.Timeout>();
  private readonly immediates = new Map<TimerName, NodeJS.Immediate>();
  private isClosed = false;

  constructor(private readonly persistent: boolean) {}

  /** True once the watcher is closed: nothing is scheduled or reported any more. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Runs `fn` once after `ms`, unless one by that name is already pending. */
  after(name: TimerName, ms: number, fn: () => void): void {
    if (this.isClosed || this.pending(name)) return;
    const timer = setTimeout(() => {
      this.timeouts.delete(name);
      fn();
    }, ms);
    if (!this.persistent) timer.unref();
    this.timeouts.set(name, timer);
  }

  /** Runs `fn` once the event loop has handled what waits (I/O, other timers), unless one by that name is pending. */
  soon(name: TimerName, fn: () => void): void {
    if (this.isClosed || this.pending(name)) return;
    const immediate = setImmediate(() => {
      this.immediates.delete(name);
      fn();
    });
    if (!this.persistent) immediate.unref();
    this.immediates.set(name, immediate);
  }

  pending(name: TimerName): boolean {
    return this.timeouts.has(name) || this.immediates.has(name);
  }

  cancel(name: TimerName): void {
    const timer = this.timeouts.get(name);
    if (timer) clearTimeout(timer);
    this.timeouts.delete(name);
    const immediate = this.immediates.get(name);
    if (immediate) clearImmediate(immediate);
    this.immediates.delete(name);
  }

  close(): void {
    this.isClosed = true;
    for (const timer of this.timeouts.values()) clearTimeout(timer);
    for (const immediate of this.immediates.values()) clearImmediate(immediate);
    this.timeouts.clear();
    this.immediates.clear();
  }
}
