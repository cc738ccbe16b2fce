import { ChangeBatch } from './change-batch';
import { FolderChecks } from './folder-checks';
import { FolderPasses } from './folder-passes';
import { type DirNode, FolderTree, type RootEntry } from './folder-tree';
import { FolderWalk } from './folder-walk';
import { PassScheduler } from './pass-scheduler';
import { type Backend, resolveBackend, WatchBackends, type WatchMode } from './watch-backends';
import { dirEventHint, FULL_CHECK, listAgain, recursiveEventHint } from './watch-events';
import { WatchRoots } from './watch-roots';
import { WatchTimers } from './watch-timers';

export type { WatchMode } from './watch-backends';

/**
 * Watches opened folders of Burr logs and reports, coalesced, the smallest set
 * of paths to re-import: the app folder whose log grew, a new app or project
 * folder, a single opened file. Measured in bench/watch-idle.ts (10,000 apps).
 *
 * This file is the public surface and wires the rooms that do the work:
 * watch-roots (the opened roots), watch-backends (fs.watch per folder or
 * recursive, polling past the watch limit), watch-events + change-batch (events
 * mark folders dirty; after `debounceMs` folder-checks compares each with its
 * folder-stamps and the changed ones are reported), folder-walk (new folders, a
 * slice at a time), folder-passes + pass-scheduler (polling and the safety
 * sweep: hot folders every time, cold ones a slice at a time).
 */

export interface FolderWatcherOptions {
  /** The folders (or single files) to re-import: topmost only, existing, inside an opened root. */
  onChange(changedPaths: string[]): void;
  /** Something the user should know (watch limit reached, a failed callback). Default: process.emitWarning. */
  onWarning?(message: string): void;
  /** Events are gathered this long before being reported (a fixed window, so a steady writer never starves it). Default 150. */
  debounceMs?: number;
  /** Full stat sweep of every watched folder, as a safety net. Default 60,000; 0 turns it off. */
  sweepMs?: number;
  /** How often folders that cannot be watched, and opened folders that are missing, are checked. Default 1,000. */
  pollMs?: number;
  /** 'auto' (default) picks 'per-directory' on Linux, 'recursive' on macOS and Windows. 'poll' suits network shares. */
  mode?: WatchMode;
  /** Report each root once its watch is in place, so an import run then catches anything written before. Default false. */
  reportRootsOnStart?: boolean;
  /** Whether the watcher keeps the process alive (like fs.watch). Default true. */
  persistent?: boolean;
}

export interface WatchStats {
  mode: Backend;
  roots: number;
  missingRoots: number;
  folders: number;
  watchedFolders: number;
  polledFolders: number;
  /**
   * Polled folders that changed lately (and the project level) are checked every
   * `pollMs`; the rest in turn, so that polling stays under ~5% of a core: this is
   * how long a full round takes (0 when nothing is polled).
   */
  pollCycleMs: number;
  files: number;
  watchLimitReached: boolean;
}

export interface FolderWatcher {
  /** Resolves once every root present at start is walked and watched (also on close). */
  readonly ready: Promise<void>;
  add(root: string): void;
  remove(root: string): void;
  /** The opened roots, resolved, in the order they were added. */
  roots(): string[];
  stats(): WatchStats;
  /** Releases every watch, timer and pending callback; nothing is reported after it returns. */
  close(): void;
}

const DEFAULT_DEBOUNCE_MS = 150;
const DEFAULT_SWEEP_MS = 60_000;
const DEFAULT_POLL_MS = 1_000;

export function watchFolders(roots: readonly string[], options: FolderWatcherOptions): FolderWatcher {
  return new LiveFolderWatcher(roots, options);
}

class LiveFolderWatcher implements FolderWatcher {
  readonly ready: Promise<void>;
  private resolveReady: () => void = () => undefined;
  private isReady = false;

  private readonly timers: WatchTimers;
  private readonly scheduler: PassScheduler<DirNode>;
  private readonly backends: WatchBackends;
  private readonly tree: FolderTree;
  private readonly changes: ChangeBatch;
  private readonly walk: FolderWalk;
  private readonly rootSet: WatchRoots;
  private readonly checks: FolderChecks;
  private readonly passes: FolderPasses;

  constructor(
    roots: readonly string[],
    private readonly options: FolderWatcherOptions,
  ) {
    this.ready = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
    // The rooms call each other in a circle (a check finds a new folder to walk,
    // a walk finds a root gone, a poll restarts it), so each gets small callbacks
    // into this class, resolved only when called, once all are built.
    const persistent = options.persistent ?? true;
    this.timers = new WatchTimers(persistent);
    this.scheduler = new PassScheduler({
      pollMs: options.pollMs ?? DEFAULT_POLL_MS,
      sweepMs: options.sweepMs ?? DEFAULT_SWEEP_MS,
    });
    this.backends = new WatchBackends(resolveBackend(options.mode ?? 'auto'), persistent, {
      dirEvent: (node, type, name) => this.onDirEvent(node, type, name),
      recursiveEvent: (root, type, name) => this.onRecursiveEvent(root, type, name),
      dirWatchFailed: (node) => {
        this.changes.markDirty(node, listAgain());
        this.passes.ensurePolling();
      },
      recursiveWatchFailed: (root) => {
        const node = this.tree.get(root.path);
        if (node) this.changes.markDirty(node, listAgain());
        this.passes.ensurePolling();
      },
      needPolling: () => this.passes.ensurePolling(),
      warn: (message) => this.warn(message),
    });
    this.tree = new FolderTree((node) => {
      this.backends.detach(node);
      this.changes.forget(node);
    });
    this.changes = new ChangeBatch(this.timers, options.debounceMs ?? DEFAULT_DEBOUNCE_MS, {
      isLive: (node) => this.tree.isLive(node),
      check: (node, hint) => this.checks.check(node, hint),
      walking: () => this.walk.pending,
      roots: () => this.rootSet.paths,
      onChange: (paths) => this.options.onChange(paths),
      warn: (message) => this.warn(message),
    });
    this.walk = new FolderWalk(this.tree, this.timers, {
      isActive: (root) => this.rootSet.isActive(root),
      watch: (node) => this.backends.attach(node),
      report: (p) => this.changes.report(p),
      rootLost: (root) => this.rootSet.lost(root),
      linkTargetAllowed: (real) => this.rootSet.linkTargetAllowed(real),
      drained: () => this.walkDrained(),
    });
    this.rootSet = new WatchRoots(
      this.tree,
      this.backends,
      this.walk,
      { report: (p) => this.changes.report(p), needPolling: () => this.passes.ensurePolling() },
      options.reportRootsOnStart ?? false,
    );
    this.checks = new FolderChecks(this.tree, this.walk, this.backends, {
      report: (p) => this.changes.report(p),
      rootLost: (root) => this.rootSet.lost(root),
      restartRoot: (root) => this.rootSet.start(root, true),
      linkTargetAllowed: this.rootSet.linkTargetAllowed,
    });
    this.passes = new FolderPasses(this.scheduler, this.timers, this.backends, {
      folders: () => this.tree.values(),
      isLive: (node) => this.tree.isLive(node),
      retryMissingRoots: () => this.rootSet.retryMissing(),
      check: (node) => this.checks.check(node, FULL_CHECK),
    });
    this.rootSet.add(roots);
    if (!this.walk.pending) this.walkDrained();
  }

  add(root: string): void {
    if (!this.timers.closed) this.rootSet.add([root]);
  }

  remove(root: string): void {
    if (!this.timers.closed) this.rootSet.remove(root);
  }

  roots(): string[] {
    return [...this.rootSet.paths];
  }

  stats(): WatchStats {
    let files = 0;
    let polled = 0;
    for (const node of this.tree.values()) {
      files += node.files.size;
      if (this.backends.isPolled(node)) polled++;
    }
    let recursive = 0;
    let missing = 0;
    for (const root of this.rootSet.started()) {
      if (root.recursive) recursive++;
      if (root.kind === 'missing') missing++;
    }
    return {
      mode: this.backends.backend,
      roots: this.rootSet.paths.length,
      missingRoots: missing,
      folders: this.tree.size,
      watchedFolders: this.backends.watchedCount + recursive,
      polledFolders: polled,
      pollCycleMs: this.scheduler.pollCycleMs,
      files,
      watchLimitReached: this.backends.limitReached,
    };
  }

  close(): void {
    if (this.timers.closed) return;
    this.timers.close();
    this.backends.close();
    for (const node of this.tree.values()) this.backends.detach(node);
    this.rootSet.close();
    this.tree.clear();
    this.changes.clear();
    this.walk.clear();
    this.resolveReady();
  }

  private warn(message: string): void {
    if (this.options.onWarning) this.options.onWarning(message);
    else process.emitWarning(message, 'StreamLensWatchWarning');
  }

  /** Every queued folder is walked: the first time, the watcher is ready; a report may wait for it. */
  private walkDrained(): void {
    if (!this.isReady) {
      this.isReady = true;
      this.resolveReady();
      this.passes.scheduleSweep();
    }
    this.changes.walkDrained();
  }

  private onDirEvent(node: DirNode, type: string, name: string | null): void {
    if (this.timers.closed || !this.tree.isLive(node)) return;
    const hint = dirEventHint(node, type, name);
    if (hint) this.changes.markDirty(node, hint);
  }

  private onRecursiveEvent(root: RootEntry, type: string, name: string | null): void {
    if (this.timers.closed || !this.rootSet.isActive(root) || root.recursive === null) return;
    if (name === null) {
      // The OS dropped events (Windows buffer overflow): re-check everything now.
      this.passes.sweep();
      return;
    }
    const landing = recursiveEventHint(root.path, type, name, (dir) => {
      const node = this.tree.get(dir);
      return node && node.root === root ? node : undefined;
    });
    if (landing) this.changes.markDirty(landing.folder, landing.hint);
  }
}
