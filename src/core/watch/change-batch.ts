import { existsSync } from 'node:fs';
import type { DirNode } from './folder-tree';
import { isWithin, topmostPaths } from './path-set';
import { type DirtyHint, mergeHint } from './watch-events';
import type { WatchTimers } from './watch-timers';

/**
 * Gathers what events marked dirty for `debounceMs`, then checks each dirty
 * folder once and reports, coalesced, the smallest set of paths to re-import.
 */
export interface BatchHost {
  isLive(node: DirNode): boolean;
  check(node: DirNode, hint: DirtyHint): void;
  /** New folders are still being walked: the report waits for them (see `walkDrained`). */
  walking(): boolean;
  roots(): readonly string[];
  onChange(paths: string[]): void;
  warn(message: string): void;
}

export class ChangeBatch {
  private dirty = new Map<DirNode, DirtyHint>();
  private readonly changed = new Set<string>();
  private flushing = false;
  private emitAfterWalk = false;

  constructor(
    private readonly timers: WatchTimers,
    private readonly debounceMs: number,
    private readonly host: BatchHost,
  ) {}

  markDirty(node: DirNode, hint: DirtyHint): void {
    this.dirty.set(node, mergeHint(this.dirty.get(node), hint));
    this.scheduleFlush();
  }

  /** `p` changed (a folder or an opened file): it is reported with the next flush. */
  report(p: string): void {
    this.changed.add(p);
    this.scheduleFlush();
  }

  /** The node was dropped: its pending check is moot. */
  forget(node: DirNode): void {
    this.dirty.delete(node);
  }

  /** The walk the last flush waited for is done: report now. */
  walkDrained(): void {
    if (!this.emitAfterWalk) return;
    this.emitAfterWalk = false;
    this.emit();
  }

  clear(): void {
    this.dirty.clear();
    this.changed.clear();
  }

  private scheduleFlush(): void {
    // Reports made while flushing go out with this flush, not a timer later.
    if (this.flushing) return;
    // A fixed window from the first event, not reset by later ones: an app
    // writing every 100 ms must still be reported every `debounceMs`.
    this.timers.after('flush', this.debounceMs, () => this.flush());
  }

  private flush(): void {
    const dirty = this.dirty;
    this.dirty = new Map();
    this.flushing = true;
    try {
      for (const [node, hint] of dirty) if (this.host.isLive(node)) this.host.check(node, hint);
    } finally {
      this.flushing = false;
    }
    // New folders found just now are watched before anyone imports them, so
    // nothing written between the import's scan and the watch is missed.
    if (this.host.walking()) this.emitAfterWalk = true;
    else this.emit();
  }

  private emit(): void {
    if (this.timers.closed || this.changed.size === 0) return;
    const roots = this.host.roots();
    const paths = topmostPaths(this.changed).filter(
      (p) => roots.some((root) => isWithin(p, root)) && existsSync(p),
    );
    this.changed.clear();
    if (paths.length === 0) return;
    try {
      this.host.onChange(paths);
    } catch (error) {
      this.host.warn(
        `Live folders: handling a change failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
