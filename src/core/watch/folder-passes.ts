import type { DirNode } from './folder-tree';
import type { PassScheduler } from './pass-scheduler';
import type { WatchBackends } from './watch-backends';
import { SLICE_MS, type WatchTimers } from './watch-timers';

/**
 * Runs the passes that re-check folders without events, on the schedule of
 * PassScheduler: polling (folders that cannot be watched, opened roots that
 * are missing) every `pollMs` while needed, and the safety sweep of watched
 * folders every `sweepMs` (for missed events: a full inotify queue, network
 * file systems). A sweep after the watch limit was hit first tries to watch
 * the polled folders again. Each pass runs a slice at a time, so the host's
 * event loop never stalls.
 */
export interface PassHost {
  folders(): Iterable<DirNode>;
  isLive(node: DirNode): boolean;
  /** Tries the missing roots again (reporting those that came back); returns how many are still missing. */
  retryMissingRoots(): number;
  /** A full check of one folder against its stamps. */
  check(node: DirNode): void;
}

type PassKind = 'sweep' | 'poll' | 'reattach';

export class FolderPasses {
  constructor(
    private readonly scheduler: PassScheduler<DirNode>,
    private readonly timers: WatchTimers,
    private readonly backends: WatchBackends,
    private readonly host: PassHost,
  ) {}

  /** Polls after `pollMs`, unless a poll is already waiting or running. */
  ensurePolling(): void {
    if (this.timers.pending('poll') || this.timers.pending('pass:poll')) return;
    this.timers.after('poll', this.scheduler.pollDelay(), () => this.poll());
  }

  /** Sweeps after `sweepMs` (if sweeps are on), unless one is already waiting. */
  scheduleSweep(): void {
    const delay = this.scheduler.sweepDelay();
    if (delay !== null) this.timers.after('sweep', delay, () => this.sweep());
  }

  /** Sweeps now (the OS dropped events), unless a sweep is already running. */
  sweep(): void {
    if (this.timers.closed || this.timers.pending('pass:sweep') || this.timers.pending('pass:reattach'))
      return;
    this.timers.cancel('sweep');
    const watched: DirNode[] = [];
    const polled: DirNode[] = [];
    for (const node of this.host.folders()) (this.backends.isPolled(node) ? polled : watched).push(node);
    const targets = this.scheduler.planSweep(watched, Date.now());
    const sweep = () => this.run('sweep', targets, this.checked, () => this.scheduleSweep());
    if (!this.backends.limitReached || this.backends.backend === 'poll') {
      sweep();
      return;
    }
    // Watches may have been freed since the limit was hit (here or by another
    // program): move polled folders back to watches until it is hit again.
    this.backends.retryWatches();
    this.run(
      'reattach',
      polled,
      (node) => {
        this.backends.attach(node);
        // Watch first, then check: a change made while it was polled is not lost.
        return node.watcher ? this.checked(node) : !this.backends.limitReached;
      },
      sweep,
    );
  }

  private poll(): void {
    const missing = this.host.retryMissingRoots();
    const polled = [...this.host.folders()].filter((node) => this.backends.isPolled(node));
    const targets = this.scheduler.planPoll(polled, missing, Date.now());
    if (targets === null) {
      // Nothing left to poll (the limit was lifted, the missing folder came back): stop until needed.
      this.backends.pollingStopped();
      return;
    }
    this.run('poll', targets, this.checked, () => this.ensurePolling());
  }

  /** A full check, as a pass step (which goes on). */
  private readonly checked = (node: DirNode): boolean => {
    this.host.check(node);
    return true;
  };

  /**
   * Runs `op` on `targets` a slice at a time (never blocking the host's event
   * loop for long); `op` returning false stops early. Then calls `done`.
   */
  private run(kind: PassKind, targets: DirNode[], op: (node: DirNode) => boolean, done: () => void): void {
    let i = 0;
    let busyMs = 0;
    let visited = 0;
    const step = (): void => {
      const start = performance.now();
      const end = start + SLICE_MS;
      let stop = false;
      while (!stop && i < targets.length && performance.now() < end) {
        const node = targets[i++];
        if (!node || !this.host.isLive(node)) continue;
        visited++;
        stop = op(node) === false;
      }
      busyMs += performance.now() - start;
      if (!stop && i < targets.length) {
        this.timers.soon(`pass:${kind}`, step);
        return;
      }
      // The cost of checking one folder, for sizing the polling slices.
      if (kind !== 'reattach') this.scheduler.notePassCost(visited, busyMs);
      done();
    };
    this.timers.soon(`pass:${kind}`, step);
  }
}
