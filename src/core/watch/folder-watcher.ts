import {
  type Dirent,
  existsSync,
  type FSWatcher,
  readdirSync,
  readFileSync,
  realpathSync,
  type Stats,
  statSync,
  watch,
} from 'node:fs';
import path from 'node:path';
import { isWithin, topmostPaths } from './path-set';
import { isBurrFileName, shouldDescend } from './watch-rules';

/**
 * Watches opened folders of Burr logs and reports, coalesced, the smallest set
 * of paths to re-import: the app folder whose log grew, a new app or project
 * folder, a single opened file.
 *
 * How (measured in bench/watch-idle.ts, 10,000 apps on Linux):
 * - Linux ('per-directory'): one non-recursive fs.watch per folder. An inotify
 *   watch on a folder also reports writes to the files in it, so 10,000 apps
 *   cost ~10,000 watches (~+50 MB RSS, ~0 CPU idle). Node 20's recursive
 *   fs.watch on Linux is JavaScript that adds a watch per file as well and
 *   stats everything synchronously (40,000 watches, +130 MB, seconds blocked
 *   for the same tree), so it is not used.
 * - macOS/Windows ('recursive'): one native recursive fs.watch per opened folder.
 * - Everywhere: a slow stat sweep (safety net for missed events: a full inotify
 *   queue, network file systems) and, for folders that cannot be watched (the
 *   inotify limit, ENOSPC), polling with a warning. Both check "hot" folders
 *   (recently changed, or where new apps appear) every time and the many cold
 *   ones a slice at a time, so their cost stays bounded with any tree size.
 * - Start-up and sweeps run in slices of a few ms: the host's event loop (UI,
 *   HTTP) never stalls, even while 10,000 folders are walked.
 *
 * Events only mark folders dirty; after `debounceMs` each dirty folder is
 * re-checked with a few stats and the changed ones are reported. Baseline
 * stamps (size, mtime, inode) of every Burr file let the sweep and the polling
 * tell what changed without an event.
 */

export type WatchMode = 'auto' | 'per-directory' | 'recursive' | 'poll';
type Backend = Exclude<WatchMode, 'auto'>;

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

export function watchFolders(roots: readonly string[], options: FolderWatcherOptions): FolderWatcher {
  return new LiveFolderWatcher(roots, options);
}

interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

interface RootEntry {
  path: string;
  kind: 'dir' | 'file' | 'missing';
  /** The native recursive watch ('recursive' backend); null means its folders are watched one by one. */
  recursive: FSWatcher | null;
}

interface DirNode {
  /** The folder, or for an opened file the file itself (what gets reported). */
  key: string;
  dir: string;
  depth: number;
  root: RootEntry;
  parent: DirNode | null;
  /** Set for an opened file: only that name in `dir` matters. */
  onlyFile: string | null;
  identity: string;
  mtimeMs: number;
  /** Last time (epoch ms) the folder or one of its files was seen changing: decides hot or cold. */
  lastChangeMs: number;
  files: Map<string, FileStamp>;
  subdirs: Set<string>;
  watcher: FSWatcher | null;
}

interface DirtyHint {
  /** Entries were added, removed or renamed: list the folder again. */
  entries: boolean;
  /** Burr files named by events; null means all of them. */
  names: Set<string> | null;
  /** An event named a Burr file: report even if size and mtime look the same (same-millisecond rewrite). */
  force: boolean;
  /** The watch may point at a deleted inode (an event about the folder itself): watch it again. */
  rewatch: boolean;
}

interface WalkItem {
  dir: string;
  depth: number;
  root: RootEntry;
  parent: DirNode | null;
  report: boolean;
}

const DEFAULT_DEBOUNCE_MS = 150;
const DEFAULT_SWEEP_MS = 60_000;
const DEFAULT_POLL_MS = 1_000;
/** Work done in one go before yielding, so a big tree never blocks the host's event loop (UI, HTTP). */
const SLICE_MS = 8;
/** Polling may use at most this share of one core: cold folders are then checked in turn, not all each time. */
const POLL_DUTY = 0.05;
/** A folder that changed this recently is checked on every poll and sweep. */
const HOT_MS = 10 * 60_000;
/** Each sweep checks this share of the cold folders: all of them every SWEEP_COLD_ROUNDS sweeps (10 minutes by default). */
const SWEEP_COLD_ROUNDS = 10;
const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);
const SWEEP_HINT: DirtyHint = { entries: false, names: null, force: false, rewatch: false };

class LiveFolderWatcher implements FolderWatcher {
  readonly ready: Promise<void>;
  private resolveReady: () => void = () => undefined;
  private isReady = false;
  private closed = false;

  private readonly backend: Backend;
  private readonly debounceMs: number;
  private readonly sweepMs: number;
  private readonly pollMs: number;
  private readonly persistent: boolean;

  private readonly rootList: string[] = [];
  private readonly active = new Map<string, RootEntry>();
  private readonly nodes = new Map<string, DirNode>();
  /** Folder identities already walked: a symlink loop or one folder reached twice is walked once (as the TreeWalker does). */
  private readonly seen = new Map<string, DirNode>();
  private dirty = new Map<DirNode, DirtyHint>();
  private readonly changed = new Set<string>();

  private walkQueue: WalkItem[] = [];
  private walkHead = 0;
  private emitAfterWalk = false;
  private flushing = false;

  private watchedCount = 0;
  private limitReached = false;
  private limitWarned = false;
  /** Time for polling to visit every polled folder once (hot ones are visited every poll). */
  private pollCycleMs = 0;
  /** Measured cost of re-checking one folder: a few stats, ~0.03-0.1 ms. */
  private perNodeMs = 0.1;
  private readonly cursors = new Map<string, number>();

  private flushTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private walkImmediate: NodeJS.Immediate | null = null;
  private readonly passImmediates = new Map<'sweep' | 'poll' | 'reattach', NodeJS.Immediate>();

  constructor(
    roots: readonly string[],
    private readonly options: FolderWatcherOptions,
  ) {
    this.ready = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
    this.backend = resolveBackend(options.mode ?? 'auto');
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.sweepMs = options.sweepMs ?? DEFAULT_SWEEP_MS;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.persistent = options.persistent ?? true;
    for (const root of roots) this.addRootPath(root);
    this.reconcile();
    if (this.walkHead >= this.walkQueue.length) this.walkDrained();
  }

  add(root: string): void {
    if (this.closed) return;
    if (this.addRootPath(root)) this.reconcile();
  }

  remove(root: string): void {
    if (this.closed) return;
    const resolved = path.resolve(root);
    const at = this.rootList.indexOf(resolved);
    if (at < 0) return;
    this.rootList.splice(at, 1);
    this.reconcile();
  }

  roots(): string[] {
    return [...this.rootList];
  }

  /** Whether a linked file's real path lies inside an opened root, as the TreeWalker requires. */
  private readonly linkTargetAllowed = (real: string): boolean =>
    this.rootList.some((root) => {
      const realRoot = realPathOrNull(root) ?? root;
      return (
        real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)
      );
    });

  stats(): WatchStats {
    let files = 0;
    let polled = 0;
    for (const node of this.nodes.values()) {
      files += node.files.size;
      if (this.isPolled(node)) polled++;
    }
    let recursive = 0;
    let missing = 0;
    for (const root of this.active.values()) {
      if (root.recursive) recursive++;
      if (root.kind === 'missing') missing++;
    }
    return {
      mode: this.backend,
      roots: this.rootList.length,
      missingRoots: missing,
      folders: this.nodes.size,
      watchedFolders: this.watchedCount + recursive,
      polledFolders: polled,
      pollCycleMs: this.pollCycleMs,
      files,
      watchLimitReached: this.limitReached,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of [this.flushTimer, this.sweepTimer, this.pollTimer]) if (timer) clearTimeout(timer);
    this.flushTimer = this.sweepTimer = this.pollTimer = null;
    if (this.walkImmediate) clearImmediate(this.walkImmediate);
    this.walkImmediate = null;
    for (const immediate of this.passImmediates.values()) clearImmediate(immediate);
    this.passImmediates.clear();
    for (const node of this.nodes.values()) this.detach(node);
    for (const root of this.active.values()) this.stopRecursive(root);
    this.nodes.clear();
    this.seen.clear();
    this.active.clear();
    this.dirty.clear();
    this.changed.clear();
    this.walkQueue = [];
    this.walkHead = 0;
    this.resolveReady();
  }

  // --- roots ---------------------------------------------------------------

  private addRootPath(root: string): boolean {
    const resolved = path.resolve(root);
    if (this.rootList.includes(resolved)) return false;
    this.rootList.push(resolved);
    return true;
  }

  /** Starts the outermost roots and stops the rest: a root inside another one is already covered by it. */
  private reconcile(): void {
    const top = this.rootList.filter(
      (r) => !this.rootList.some((other) => other !== r && isWithin(r, other)),
    );
    for (const [rootPath, entry] of this.active) if (!top.includes(rootPath)) this.stopRoot(entry);
    for (const rootPath of top) {
      if (this.active.has(rootPath)) continue;
      const entry: RootEntry = { path: rootPath, kind: 'missing', recursive: null };
      this.active.set(rootPath, entry);
      this.startRoot(entry, this.options.reportRootsOnStart ?? false);
    }
  }

  private startRoot(entry: RootEntry, report: boolean): void {
    const st = statOrNull(entry.path);
    if (st?.isDirectory()) {
      entry.kind = 'dir';
      if (this.backend === 'recursive') this.startRecursive(entry);
      this.enqueueWalk({ dir: entry.path, depth: 0, root: entry, parent: null, report });
      return;
    }
    const dir = path.dirname(entry.path);
    const dirStat = st?.isFile() ? statOrNull(dir) : null;
    if (!dirStat) {
      entry.kind = 'missing';
      this.ensurePolling();
      return;
    }
    // An opened file: watch its folder for that one name (an app rewriting the
    // file by rename gets a new inode, which a watch on the file would miss).
    entry.kind = 'file';
    const node = this.newNode(entry.path, dir, 0, entry, null, path.basename(entry.path), dirStat);
    this.nodes.set(node.key, node);
    this.attach(node);
    this.restamp(node, path.basename(entry.path));
    if (report) this.report(entry.path);
  }

  private stopRoot(entry: RootEntry): void {
    this.stopRecursive(entry);
    const node = this.nodes.get(entry.path);
    if (node && node.root === entry) this.drop(node);
    this.active.delete(entry.path);
  }

  /** The opened folder itself is gone (deleted, unmounted): wait for it to come back. */
  private rootLost(entry: RootEntry): void {
    this.stopRecursive(entry);
    entry.kind = 'missing';
    this.ensurePolling();
  }

  private startRecursive(entry: RootEntry): void {
    try {
      const watcher = watch(entry.path, { recursive: true, persistent: this.persistent }, (type, name) =>
        this.onRecursiveEvent(entry, type, name),
      );
      watcher.on('error', () => {
        // Windows reports the watched folder's deletion as an error: check it and fall back to per-folder watches.
        if (entry.recursive !== watcher) return;
        this.stopRecursive(entry);
        const node = this.nodes.get(entry.path);
        if (node) this.markDirty(node, { entries: true, names: null, force: false, rewatch: false });
        this.ensurePolling();
      });
      entry.recursive = watcher;
    } catch (error) {
      // No native recursive watch here (or the limit is hit): the folders are watched one by one instead.
      entry.recursive = null;
      this.warnOnLimit(error);
    }
  }

  private stopRecursive(entry: RootEntry): void {
    entry.recursive?.close();
    entry.recursive = null;
  }

  // --- events --------------------------------------------------------------

  private onDirEvent(node: DirNode, type: string, name: string | null): void {
    if (this.closed || this.nodes.get(node.key) !== node) return;
    if (name === null) {
      this.markDirty(node, { entries: true, names: null, force: false, rewatch: false });
      return;
    }
    // libuv names the watched folder itself when it is deleted or moved (no child name).
    const aboutItself = type === 'rename' && name === path.basename(node.dir);
    if (node.onlyFile !== null) {
      if (name === node.onlyFile)
        this.markDirty(node, { entries: false, names: new Set([name]), force: true, rewatch: false });
      else if (aboutItself) this.markDirty(node, { entries: true, names: null, force: false, rewatch: true });
      return;
    }
    if (isBurrFileName(name)) {
      this.markDirty(node, {
        entries: type === 'rename',
        names: new Set([name]),
        force: true,
        rewatch: aboutItself,
      });
    } else if (type === 'rename') {
      this.markDirty(node, { entries: true, names: null, force: false, rewatch: aboutItself });
    }
    // Other 'change' events (another file written, a subfolder's attributes) never matter.
  }

  private onRecursiveEvent(root: RootEntry, type: string, name: string | null): void {
    if (this.closed || this.active.get(root.path) !== root || root.recursive === null) return;
    if (name === null) {
      // The OS dropped events (Windows buffer overflow): re-check everything now.
      this.startSweep();
      return;
    }
    const full = path.join(root.path, name);
    const parentNode = this.nodes.get(path.dirname(full));
    if (full !== root.path && parentNode && parentNode.root === root) {
      this.onDirEvent(parentNode, type, path.basename(full));
      return;
    }
    // A path we do not know: inside a folder not walked yet, or a skipped one.
    // The nearest known folder lists its entries again and finds what is new.
    for (let dir = full; isWithin(dir, root.path); dir = path.dirname(dir)) {
      const node = this.nodes.get(dir);
      if (node && node.root === root) {
        this.markDirty(node, { entries: true, names: null, force: false, rewatch: false });
        return;
      }
      if (dir === root.path) return;
    }
  }

  private markDirty(node: DirNode, hint: DirtyHint): void {
    const prev = this.dirty.get(node);
    if (!prev) this.dirty.set(node, { ...hint, names: hint.names ? new Set(hint.names) : null });
    else {
      prev.entries ||= hint.entries;
      prev.force ||= hint.force;
      prev.rewatch ||= hint.rewatch;
      if (prev.names === null || hint.names === null) prev.names = null;
      else for (const n of hint.names) prev.names.add(n);
    }
    this.scheduleFlush();
  }

  private report(p: string): void {
    this.changed.add(p);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    // Reports made while flushing go out with this flush, not a timer later.
    if (this.flushTimer || this.flushing || this.closed) return;
    // A fixed window from the first event, not reset by later ones: an app
    // writing every 100 ms must still be reported every `debounceMs`.
    this.flushTimer = this.timer(() => this.flush(), this.debounceMs);
  }

  private flush(): void {
    this.flushTimer = null;
    const dirty = this.dirty;
    this.dirty = new Map();
    this.flushing = true;
    try {
      for (const [node, hint] of dirty) if (this.nodes.get(node.key) === node) this.refresh(node, hint);
    } finally {
      this.flushing = false;
    }
    // New folders found just now are watched before anyone imports them, so
    // nothing written between the import's scan and the watch is missed.
    if (this.walkHead < this.walkQueue.length) this.emitAfterWalk = true;
    else this.emit();
  }

  private emit(): void {
    if (this.closed || this.changed.size === 0) return;
    const paths = topmostPaths(this.changed).filter(
      (p) => this.rootList.some((root) => isWithin(p, root)) && existsSync(p),
    );
    this.changed.clear();
    if (paths.length === 0) return;
    try {
      this.options.onChange(paths);
    } catch (error) {
      this.warn(
        `Live folders: handling a change failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  // --- checking folders ----------------------------------------------------

  /** Re-checks one folder against its stamps, with as few system calls as the hint allows. */
  private refresh(node: DirNode, hint: DirtyHint): void {
    const st = statOrNull(node.dir);
    if (!st?.isDirectory()) {
      this.lose(node);
      return;
    }
    if (identityOf(st) !== node.identity) {
      this.replace(node);
      return;
    }
    if (hint.rewatch && node.watcher) {
      this.detach(node);
      this.attach(node);
    }
    const entriesChanged = hint.entries || st.mtimeMs !== node.mtimeMs;
    node.mtimeMs = st.mtimeMs;
    let changed = hint.force;
    if (node.onlyFile !== null) changed = this.restamp(node, node.onlyFile) || changed;
    else if (entriesChanged) changed = this.rereadEntries(node) || changed;
    else
      for (const name of hint.names ?? [...node.files.keys()]) changed = this.restamp(node, name) || changed;
    if (changed || entriesChanged) node.lastChangeMs = Date.now();
    if (changed) this.report(node.key);
  }

  /** Lists a folder again: walks new subfolders (reported as new), forgets removed ones, restamps Burr files. */
  private rereadEntries(node: DirNode): boolean {
    let entries: Dirent[];
    try {
      entries = readdirSync(node.dir, { withFileTypes: true });
    } catch {
      return false; // gone or unreadable right now: the next refresh or the parent's deals with it
    }
    const { dirs, files } = classifyEntries(node.dir, node.depth, entries, this.linkTargetAllowed);
    let changed = false;
    for (const name of [...node.subdirs]) {
      if (dirs.has(name)) continue;
      const child = this.nodes.get(path.join(node.dir, name));
      if (child && child.parent === node) this.drop(child);
      node.subdirs.delete(name);
    }
    for (const name of dirs) {
      if (!node.subdirs.has(name)) {
        this.enqueueWalk({
          dir: path.join(node.dir, name),
          depth: node.depth + 1,
          root: node.root,
          parent: node,
          report: true,
        });
      }
    }
    for (const name of [...node.files.keys()]) {
      if (!files.has(name)) {
        node.files.delete(name);
        changed = true;
      }
    }
    for (const name of files) changed = this.restamp(node, name) || changed;
    return changed;
  }

  /** Stats one Burr file; true when it appeared, vanished, or its size, mtime or inode changed. */
  private restamp(node: DirNode, name: string): boolean {
    const st = statOrNull(path.join(node.dir, name));
    const old = node.files.get(name);
    if (!st?.isFile()) {
      if (!old) return false;
      node.files.delete(name);
      return true;
    }
    node.files.set(name, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev });
    return (
      !old || old.size !== st.size || old.mtimeMs !== st.mtimeMs || old.ino !== st.ino || old.dev !== st.dev
    );
  }

  /** The folder is gone: forget it and everything below (the importer keeps what it imported). */
  private lose(node: DirNode): void {
    this.drop(node);
    if (node.parent === null) this.rootLost(node.root);
  }

  /** The folder was replaced by another one under the same name: start over and report it. */
  private replace(node: DirNode): void {
    const { dir, depth, root, parent } = node;
    this.drop(node);
    if (parent === null) {
      this.rootLost(root);
      this.startRoot(root, true);
    } else this.enqueueWalk({ dir, depth, root, parent, report: true });
  }

  private drop(node: DirNode): void {
    for (const name of [...node.subdirs]) {
      const child = this.nodes.get(path.join(node.dir, name));
      if (child && child.parent === node) this.drop(child);
    }
    node.subdirs.clear();
    this.detach(node);
    if (this.nodes.get(node.key) === node) this.nodes.delete(node.key);
    if (this.seen.get(node.identity) === node) this.seen.delete(node.identity);
    this.dirty.delete(node);
    node.parent?.subdirs.delete(path.basename(node.dir));
  }

  // --- walking -------------------------------------------------------------

  private enqueueWalk(item: WalkItem): void {
    if (this.closed) return;
    this.walkQueue.push(item);
    if (!this.walkImmediate) this.walkImmediate = this.immediate(() => this.pumpWalk());
  }

  private pumpWalk(): void {
    this.walkImmediate = null;
    if (this.closed) return;
    const end = performance.now() + SLICE_MS;
    while (this.walkHead < this.walkQueue.length && performance.now() < end) {
      const item = this.walkQueue[this.walkHead++];
      if (item) this.walkOne(item);
    }
    if (this.walkHead < this.walkQueue.length) {
      this.walkImmediate = this.immediate(() => this.pumpWalk());
      return;
    }
    this.walkQueue = [];
    this.walkHead = 0;
    this.walkDrained();
  }

  private walkDrained(): void {
    if (!this.isReady) {
      this.isReady = true;
      this.resolveReady();
      this.scheduleSweep();
    }
    if (this.emitAfterWalk) {
      this.emitAfterWalk = false;
      this.emit();
    }
  }

  private walkOne(item: WalkItem): void {
    if (this.active.get(item.root.path) !== item.root) return; // its root was closed meanwhile
    if (item.parent && this.nodes.get(item.parent.key) !== item.parent) return; // its parent vanished meanwhile
    if (this.nodes.has(item.dir)) return;
    const st = statOrNull(item.dir);
    if (!st?.isDirectory()) {
      if (item.parent === null) this.rootLost(item.root);
      return;
    }
    const identity = identityOf(st);
    if (this.seen.has(identity)) return;
    const node = this.newNode(item.dir, item.dir, item.depth, item.root, item.parent, null, st);
    this.nodes.set(node.key, node);
    this.seen.set(identity, node);
    item.parent?.subdirs.add(path.basename(item.dir));
    // Watch before listing: anything written after this point raises an event,
    // anything before it is seen by the listing (and by the import that follows).
    this.attach(node);
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(item.dir, { withFileTypes: true });
    } catch {
      // Unreadable (permissions): the importer reports it; keep the node so it is re-checked.
    }
    const { dirs, files } = classifyEntries(item.dir, item.depth, entries, this.linkTargetAllowed);
    for (const name of dirs) {
      this.enqueueWalk({
        dir: path.join(item.dir, name),
        depth: item.depth + 1,
        root: item.root,
        parent: node,
        report: false,
      });
    }
    for (const name of files) this.restamp(node, name);
    for (const stamp of node.files.values()) node.lastChangeMs = Math.max(node.lastChangeMs, stamp.mtimeMs);
    if (item.report) this.report(item.dir);
  }

  private newNode(
    key: string,
    dir: string,
    depth: number,
    root: RootEntry,
    parent: DirNode | null,
    onlyFile: string | null,
    st: Stats,
  ): DirNode {
    return {
      key,
      dir,
      depth,
      root,
      parent,
      onlyFile,
      identity: identityOf(st),
      mtimeMs: st.mtimeMs,
      lastChangeMs: st.mtimeMs,
      files: new Map(),
      subdirs: new Set(),
      watcher: null,
    };
  }

  // --- watches -------------------------------------------------------------

  private attach(node: DirNode): void {
    if (this.closed || node.watcher) return;
    if (this.backend === 'poll') {
      this.ensurePolling();
      return;
    }
    if (node.root.recursive && node.onlyFile === null) return;
    if (this.limitReached) {
      this.ensurePolling();
      return;
    }
    try {
      const watcher = watch(node.dir, { persistent: this.persistent }, (type, name) =>
        this.onDirEvent(node, type, name),
      );
      watcher.on('error', () => {
        if (node.watcher !== watcher) return;
        this.detach(node);
        this.markDirty(node, { entries: true, names: null, force: false, rewatch: false });
        this.ensurePolling();
      });
      node.watcher = watcher;
      this.watchedCount++;
    } catch (error) {
      // ENOENT: gone already (its refresh drops it). Otherwise the folder is polled.
      this.warnOnLimit(error);
      this.ensurePolling();
    }
  }

  private detach(node: DirNode): void {
    if (!node.watcher) return;
    node.watcher.close();
    node.watcher = null;
    this.watchedCount--;
  }

  private isPolled(node: DirNode): boolean {
    return node.watcher === null && !(node.root.recursive && node.onlyFile === null);
  }

  private warnOnLimit(error: unknown): void {
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
    if (!LIMIT_CODES.has(code)) return;
    this.limitReached = true;
    if (this.limitWarned) return;
    this.limitWarned = true;
    this.warn(limitMessage(code, this.watchedCount));
  }

  private warn(message: string): void {
    if (this.options.onWarning) this.options.onWarning(message);
    else process.emitWarning(message, 'StreamLensWatchWarning');
  }

  // --- polling and sweeping ------------------------------------------------
  //
  // Both re-check folders without events: every "hot" folder (an opened root,
  // the project level, anything that changed in the last HOT_MS) each time,
  // and the many "cold" ones (apps that finished long ago) a slice at a time,
  // so the cost stays small however many thousands of folders there are.

  private ensurePolling(): void {
    if (this.closed || this.pollTimer || this.passImmediates.has('poll')) return;
    this.pollTimer = this.timer(() => this.pollTick(), this.pollMs);
  }

  private pollTick(): void {
    this.pollTimer = null;
    let missing = 0;
    for (const root of this.active.values()) {
      if (root.kind !== 'missing') continue;
      this.startRoot(root, true);
      if (root.kind === 'missing') missing++;
    }
    const polled = [...this.nodes.values()].filter((node) => this.isPolled(node));
    if (polled.length === 0 && missing === 0) {
      // Nothing left to poll (the limit was lifted, the missing folder came back): stop until needed.
      this.pollCycleMs = 0;
      if (!this.limitReached) this.limitWarned = false;
      return;
    }
    // As many folders as POLL_DUTY of a core allows at the measured cost per folder: hot ones first.
    const budget = (POLL_DUTY * this.pollMs) / this.perNodeMs;
    const { targets, cycles } = this.pickTargets(
      'poll',
      polled,
      (hot) => Math.min(hot, budget),
      (hotTaken) => budget - hotTaken,
    );
    this.pollCycleMs = cycles * this.pollMs;
    this.runPass(
      'poll',
      targets,
      (node) => this.refreshed(node),
      () => this.ensurePolling(),
    );
  }

  private scheduleSweep(): void {
    if (this.closed || this.sweepMs <= 0 || this.sweepTimer) return;
    this.sweepTimer = this.timer(() => {
      this.sweepTimer = null;
      this.startSweep();
    }, this.sweepMs);
  }

  private startSweep(): void {
    if (this.closed || this.passImmediates.has('sweep') || this.passImmediates.has('reattach')) return;
    if (this.sweepTimer) {
      clearTimeout(this.sweepTimer);
      this.sweepTimer = null;
    }
    const watched: DirNode[] = [];
    const polled: DirNode[] = [];
    for (const node of this.nodes.values()) (this.isPolled(node) ? polled : watched).push(node);
    const { targets } = this.pickTargets(
      'sweep',
      watched,
      (hot) => hot,
      (_hotTaken, cold) => Math.ceil(cold / SWEEP_COLD_ROUNDS),
    );
    const sweep = () =>
      this.runPass(
        'sweep',
        targets,
        (node) => this.refreshed(node),
        () => this.scheduleSweep(),
      );
    if (!this.limitReached || this.backend === 'poll') {
      sweep();
      return;
    }
    // Watches may have been freed since the limit was hit (here or by another
    // program): move polled folders back to watches until it is hit again.
    this.limitReached = false;
    this.runPass(
      'reattach',
      polled,
      (node) => {
        this.attach(node);
        // Watch first, then check: a change made while it was polled is not lost.
        return node.watcher ? this.refreshed(node) : !this.limitReached;
      },
      sweep,
    );
  }

  /**
   * The next `takeHot(hot)` hot folders and `takeCold(hotTaken, cold)` cold
   * ones, each list visited in turn across passes. `cycles`: passes until every
   * folder has been visited.
   */
  private pickTargets(
    kind: 'sweep' | 'poll',
    candidates: DirNode[],
    takeHot: (hot: number) => number,
    takeCold: (hotTaken: number, cold: number) => number,
  ): { targets: DirNode[]; cycles: number } {
    const now = Date.now();
    const hot: DirNode[] = [];
    const cold: DirNode[] = [];
    for (const node of candidates) (this.isHot(node, now) ? hot : cold).push(node);
    const targets: DirNode[] = [];
    const hotTaken = this.takeInTurn(`${kind}:hot`, hot, takeHot(hot.length), targets);
    const coldTaken = this.takeInTurn(`${kind}:cold`, cold, takeCold(hotTaken, cold.length), targets);
    const cycles = Math.max(
      hot.length ? Math.ceil(hot.length / hotTaken) : 1,
      cold.length ? Math.ceil(cold.length / coldTaken) : 1,
    );
    return { targets, cycles };
  }

  /** Appends the next `count` (at least 1) of `list` from where the last pass stopped. */
  private takeInTurn(cursor: string, list: DirNode[], count: number, out: DirNode[]): number {
    if (list.length === 0) return 0;
    const take = Math.max(1, Math.min(list.length, Math.floor(count)));
    const from = (this.cursors.get(cursor) ?? 0) % list.length;
    for (let i = 0; i < take; i++) {
      const node = list[(from + i) % list.length];
      if (node) out.push(node);
    }
    this.cursors.set(cursor, from + take);
    return take;
  }

  /** A full check, as a pass step (which goes on). */
  private refreshed(node: DirNode): boolean {
    this.refresh(node, SWEEP_HINT);
    return true;
  }

  private isHot(node: DirNode, now: number): boolean {
    // The root and, below it, folders holding folders (projects of a ~/.burr)
    // are where new apps and projects appear; the rest is hot while it changes.
    return (
      node.parent === null || (node.depth <= 1 && node.subdirs.size > 0) || now - node.lastChangeMs < HOT_MS
    );
  }

  /**
   * Runs `op` on `targets` a slice at a time (never blocking the host's event
   * loop for long); `op` returning false stops early. Then calls `done`.
   */
  private runPass(
    kind: 'sweep' | 'poll' | 'reattach',
    targets: DirNode[],
    op: (node: DirNode) => boolean,
    done: () => void,
  ): void {
    let i = 0;
    let busyMs = 0;
    let visited = 0;
    const step = (): void => {
      this.passImmediates.delete(kind);
      if (this.closed) return;
      const start = performance.now();
      const end = start + SLICE_MS;
      let stop = false;
      while (!stop && i < targets.length && performance.now() < end) {
        const node = targets[i++];
        if (!node || this.nodes.get(node.key) !== node) continue;
        visited++;
        stop = op(node) === false;
      }
      busyMs += performance.now() - start;
      if (!stop && i < targets.length) {
        this.passImmediates.set(kind, this.immediate(step));
        return;
      }
      // The cost of checking one folder, for sizing the polling slices.
      if (kind !== 'reattach' && visited >= 20)
        this.perNodeMs = 0.7 * this.perNodeMs + 0.3 * (busyMs / visited);
      done();
    };
    this.passImmediates.set(kind, this.immediate(step));
  }

  // --- timers --------------------------------------------------------------

  private timer(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setTimeout(fn, ms);
    if (!this.persistent) t.unref();
    return t;
  }

  private immediate(fn: () => void): NodeJS.Immediate {
    const i = setImmediate(fn);
    if (!this.persistent) i.unref();
    return i;
  }
}

function resolveBackend(mode: WatchMode): Backend {
  if (mode !== 'auto') return mode;
  // Native recursive watching exists on macOS (FSEvents) and Windows; elsewhere
  // Node emulates it with a watch per file, so folders are watched one by one.
  return process.platform === 'darwin' || process.platform === 'win32' ? 'recursive' : 'per-directory';
}

function classifyEntries(
  dir: string,
  depth: number,
  entries: Dirent[],
  linkTargetAllowed: (realPath: string) => boolean,
): { dirs: Set<string>; files: Set<string> } {
  const dirs = new Set<string>();
  const files = new Set<string>();
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (shouldDescend(entry.name, depth)) dirs.add(entry.name);
    } else if (entry.isSymbolicLink()) {
      // As the TreeWalker: a linked folder is never descended (inside the roots it is watched
      // anyway; outside, e.g. `up -> /`, it is not ours), a linked Burr file only when it stays inside.
      if (!isBurrFileName(entry.name)) continue;
      const linked = path.join(dir, entry.name);
      const real = realPathOrNull(linked);
      if (real !== null && linkTargetAllowed(real) && statOrNull(linked)?.isFile()) files.add(entry.name);
    } else if (entry.isFile() && isBurrFileName(entry.name)) files.add(entry.name);
  }
  return { dirs, files };
}

function realPathOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null; // EACCES, ENOTDIR, ELOOP: treat as not there
  }
}

function identityOf(st: Stats): string {
  return `${st.dev}:${st.ino}`;
}

function limitMessage(code: string, watched: number): string {
  if (code === 'ENOSPC') {
    const limit = readLinuxLimit('max_user_watches');
    return (
      `Live folders: the system limit on watched folders is reached (fs.inotify.max_user_watches = ${limit}, ` +
      `${watched} watched here). The other folders are checked by polling instead: their new lines show up ` +
      'a little later and cost some CPU. To watch them all, raise the limit, e.g. ' +
      '`sudo sysctl fs.inotify.max_user_watches=524288` (add it to /etc/sysctl.conf to keep it).'
    );
  }
  return (
    `Live folders: too many open files (${code}) after watching ${watched} folders. The other folders are ` +
    'checked by polling instead: their new lines show up a little later. Raising the open-file limit (ulimit -n) helps.'
  );
}

function readLinuxLimit(name: string): string {
  try {
    return readFileSync(`/proc/sys/fs/inotify/${name}`, 'utf8').trim();
  } catch {
    return 'unknown';
  }
}
