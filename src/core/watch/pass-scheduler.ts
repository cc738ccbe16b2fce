/**
 * Which folders each poll and each sweep re-checks, and how often. Pure: the
 * time comes in as an argument and nothing here touches timers or files, so
 * the whole schedule is unit-tested with a fake clock.
 *
 * Both passes re-check folders without events: every "hot" folder (an opened
 * root, the project level, anything that changed in the last HOT_MS) each time,
 * and the many "cold" ones (apps that finished long ago) a slice at a time, so
 * the cost stays small however many thousands of folders there are.
 */

/** A folder that changed this recently is checked on every poll and sweep. */
export const HOT_MS = 10 * 60_000;
/** Polling may use at most this share of one core: cold folders are then checked in turn, not all each time. */
export const POLL_DUTY = 0.05;
/** Each sweep checks this share of the cold folders: all of them every SWEEP_COLD_ROUNDS sweeps (10 minutes by default). */
export const SWEEP_COLD_ROUNDS = 10;
/** A first guess of the cost of re-checking one folder (a few stats, ~0.03-0.1 ms), until passes measure it. */
export const INITIAL_PER_FOLDER_MS = 0.1;

/** What the schedule needs to know of a folder. */
export interface ScheduledFolder {
  parent: object | null;
  depth: number;
  subdirs: { readonly size: number };
  /** Last time (epoch ms) it was seen changing. */
  lastChangeMs: number;
}

export interface PassTiming {
  /** Interval between polls of folders that cannot be watched (and of missing roots). */
  pollMs: number;
  /** Interval between safety sweeps of watched folders; 0 turns them off. */
  sweepMs: number;
}

export function isHot(folder: ScheduledFolder, now: number): boolean {
  // The root and, below it, folders holding folders (projects of a ~/.burr)
  // are where new apps and projects appear; the rest is hot while it changes.
  return (
    folder.parent === null ||
    (folder.depth <= 1 && folder.subdirs.size > 0) ||
    now - folder.lastChangeMs < HOT_MS
  );
}

export class PassScheduler<F extends ScheduledFolder> {
  /** Where each list's turn stopped, so the next pass goes on from there. */
  private readonly cursors = new Map<string, number>();
  private perFolderMs = INITIAL_PER_FOLDER_MS;
  private cycleMs = 0;

  constructor(readonly timing: PassTiming) {}

  /** Time for polling to visit every polled folder once (hot ones are visited every poll); 0 when nothing is polled. */
  get pollCycleMs(): number {
    return this.cycleMs;
  }

  /** The measured cost of checking one folder, which sizes the poll slices. */
  get folderCostMs(): number {
    return this.perFolderMs;
  }

  /** Delay until the next sweep; null when sweeps are off. */
  sweepDelay(): number | null {
    return this.timing.sweepMs > 0 ? this.timing.sweepMs : null;
  }

  /** Delay until the next poll, once polling is needed. */
  pollDelay(): number {
    return this.timing.pollMs;
  }

  /**
   * The folders this poll checks, at `now`: every hot one and as many cold ones
   * as POLL_DUTY of a core allows at the measured cost per folder. null when
   * there is nothing to poll (no polled folder, no missing root): polling
   * stops until something needs it.
   */
  planPoll(polled: readonly F[], missingRoots: number, now: number): F[] | null {
    if (polled.length === 0 && missingRoots === 0) {
      this.cycleMs = 0;
      return null;
    }
    const budget = (POLL_DUTY * this.timing.pollMs) / this.perFolderMs;
    const { targets, cycles } = this.pick(
      'poll',
      polled,
      now,
      (hot) => Math.min(hot, budget),
      (hotTaken) => budget - hotTaken,
    );
    this.cycleMs = cycles * this.timing.pollMs;
    return targets;
  }

  /** The watched folders this sweep checks, at `now`: every hot one and a SWEEP_COLD_ROUNDS-th of the cold ones. */
  planSweep(watched: readonly F[], now: number): F[] {
    return this.pick(
      'sweep',
      watched,
      now,
      (hot) => hot,
      (_hotTaken, cold) => Math.ceil(cold / SWEEP_COLD_ROUNDS),
    ).targets;
  }

  /** A poll or sweep pass checked `visited` folders in `busyMs`: update the cost per folder. */
  notePassCost(visited: number, busyMs: number): void {
    // Too few folders say more about timer noise than about the cost.
    if (visited >= 20) this.perFolderMs = 0.7 * this.perFolderMs + 0.3 * (busyMs / visited);
  }

  /**
   * The next `takeHot(hot)` hot folders and `takeCold(hotTaken, cold)` cold
   * ones, each list visited in turn across passes. `cycles`: passes until every
   * folder has been visited.
   */
  private pick(
    kind: 'sweep' | 'poll',
    candidates: readonly F[],
    now: number,
    takeHot: (hot: number) => number,
    takeCold: (hotTaken: number, cold: number) => number,
  ): { targets: F[]; cycles: number } {
    const hot: F[] = [];
    const cold: F[] = [];
    for (const folder of candidates) (isHot(folder, now) ? hot : cold).push(folder);
    const targets: F[] = [];
    const hotTaken = this.takeInTurn(`${kind}:hot`, hot, takeHot(hot.length), targets);
    const coldTaken = this.takeInTurn(`${kind}:cold`, cold, takeCold(hotTaken, cold.length), targets);
    const cycles = Math.max(
      hot.length ? Math.ceil(hot.length / hotTaken) : 1,
      cold.length ? Math.ceil(cold.length / coldTaken) : 1,
    );
    return { targets, cycles };
  }

  /** Appends the next `count` (at least 1) of `list` from where the last pass stopped. */
  private takeInTurn(cursor: string, list: readonly F[], count: number, out: F[]): number {
    if (list.length === 0) return 0;
    const take = Math.max(1, Math.min(list.length, Math.floor(count)));
    const from = (this.cursors.get(cursor) ?? 0) % list.length;
    for (let i = 0; i < take; i++) {
      const folder = list[(from + i) % list.length];
      if (folder) out.push(folder);
    }
    this.cursors.set(cursor, from + take);
    return take;
  }
}
