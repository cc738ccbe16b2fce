import { type FSWatcher, watch } from 'node:fs';
import type { DirNode, RootEntry } from './folder-tree';
import { limitMessage, watchLimitCode } from './watch-limit';

/**
 * How folders are watched, and the fallback when they cannot be:
 * - 'per-directory' (Linux): one non-recursive fs.watch per folder. An inotify
 *   watch on a folder also reports writes to the files in it, so 10,000 apps
 *   cost ~10,000 watches (~+50 MB RSS, ~0 CPU idle). Node 20's recursive
 *   fs.watch on Linux is JavaScript that adds a watch per file as well and
 *   stats everything synchronously (40,000 watches, +130 MB, seconds blocked
 *   for the same tree), so it is not used.
 * - 'recursive' (macOS/Windows): one native recursive fs.watch per opened folder.
 * - 'poll': no watches (network shares).
 * A folder whose watch cannot be made or fails (the inotify limit, ENOSPC or
 * EMFILE) is polled instead, with one warning; `retryWatches` lets the next
 * sweep try watches again once some are free.
 */
export type WatchMode = 'auto' | 'per-directory' | 'recursive' | 'poll';
export type Backend = Exclude<WatchMode, 'auto'>;

export function resolveBackend(mode: WatchMode): Backend {
  if (mode !== 'auto') return mode;
  // Native recursive watching exists on macOS (FSEvents) and Windows; elsewhere
  // Node emulates it with a watch per file, so folders are watched one by one.
  return process.platform === 'darwin' || process.platform === 'win32' ? 'recursive' : 'per-directory';
}

export interface BackendEvents {
  dirEvent(node: DirNode, type: string, name: string | null): void;
  recursiveEvent(root: RootEntry, type: string, name: string | null): void;
  /** A folder's watch failed and was released: the folder is polled from now on. */
  dirWatchFailed(node: DirNode): void;
  /** A root's recursive watch failed and was released (Windows reports the root's deletion so). */
  recursiveWatchFailed(root: RootEntry): void;
  /** Some folder is left without a watch: make sure polling runs. */
  needPolling(): void;
  warn(message: string): void;
}

export class WatchBackends {
  private watched = 0;
  private limitHit = false;
  private limitWarned = false;
  private closed = false;

  constructor(
    readonly backend: Backend,
    private readonly persistent: boolean,
    private readonly events: BackendEvents,
  ) {}

  /** Per-folder watches in place (recursive ones are counted by their roots). */
  get watchedCount(): number {
    return this.watched;
  }

  get limitReached(): boolean {
    return this.limitHit;
  }

  /** Watches may have been freed since the limit was hit (here or by another program): try again. */
  retryWatches(): void {
    this.limitHit = false;
  }

  /** Nothing is polled any more: warn again if the limit is hit again later. */
  pollingStopped(): void {
    if (!this.limitHit) this.limitWarned = false;
  }

  /** Whether `node` has no watch of its own or of its root's, so only polling sees its changes. */
  isPolled(node: DirNode): boolean {
    return node.watcher === null && !(node.root.recursive && node.onlyFile === null);
  }

  attach(node: DirNode): void {
    if (this.closed || node.watcher) return;
    if (this.backend === 'poll') {
      this.events.needPolling();
      return;
    }
    if (node.root.recursive && node.onlyFile === null) return;
    if (this.limitHit) {
      this.events.needPolling();
      return;
    }
    try {
      const watcher = watch(node.dir, { persistent: this.persistent }, (type, name) =>
        this.events.dirEvent(node, type, name),
      );
      watcher.on('error', () => {
        if (node.watcher !== watcher) return;
        this.detach(node);
        this.events.dirWatchFailed(node);
      });
      node.watcher = watcher;
      this.watched++;
    } catch (error) {
      // ENOENT: gone already (its refresh drops it). Otherwise the folder is polled.
      this.noteLimit(error);
      this.events.needPolling();
    }
  }

  detach(node: DirNode): void {
    if (!node.watcher) return;
    node.watcher.close();
    node.watcher = null;
    this.watched--;
  }

  startRecursive(root: RootEntry): void {
    try {
      const watcher: FSWatcher = watch(
        root.path,
        { recursive: true, persistent: this.persistent },
        (type, name) => this.events.recursiveEvent(root, type, name),
      );
      watcher.on('error', () => {
        if (root.recursive !== watcher) return;
        this.stopRecursive(root);
        this.events.recursiveWatchFailed(root);
      });
      root.recursive = watcher;
    } catch (error) {
      // No native recursive watch here (or the limit is hit): the folders are watched one by one instead.
      root.recursive = null;
      this.noteLimit(error);
    }
  }

  stopRecursive(root: RootEntry): void {
    root.recursive?.close();
    root.recursive = null;
  }

  /** No watch is made after this; the caller detaches the existing ones. */
  close(): void {
    this.closed = true;
  }

  private noteLimit(error: unknown): void {
    const code = watchLimitCode(error);
    if (code === null) return;
    this.limitHit = true;
    if (this.limitWarned) return;
    this.limitWarned = true;
    this.events.warn(limitMessage(code, this.watched));
  }
}
