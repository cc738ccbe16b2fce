import path from 'node:path';
import { readEntries, watchedEntries } from './folder-entries';
import { identityOf, restamp, statOrNull } from './folder-stamps';
import { type DirNode, type FolderTree, newNode, type RootEntry } from './folder-tree';
import { SLICE_MS, type WatchTimers } from './watch-timers';

/**
 * Walks new folders (an opened root at start, a new app or project later) a
 * slice at a time, so the host's event loop never stalls even while 10,000
 * folders are walked. Each folder is watched before it is listed: anything
 * written after the watch raises an event, anything before it is seen by the
 * listing (and by the import that follows).
 */
export interface WalkItem {
  dir: string;
  depth: number;
  root: RootEntry;
  parent: DirNode | null;
  /** Report the folder once walked (it is new); false for what start-up finds. */
  report: boolean;
}

export interface WalkHost {
  /** Whether `root` is still opened: a walk of a root closed meanwhile is dropped. */
  isActive(root: RootEntry): boolean;
  watch(node: DirNode): void;
  report(path: string): void;
  /** The opened folder itself is gone. */
  rootLost(root: RootEntry): void;
  linkTargetAllowed(realPath: string): boolean;
  /** Every queued folder is walked. */
  drained(): void;
}

export class FolderWalk {
  private queue: WalkItem[] = [];
  private head = 0;

  constructor(
    private readonly tree: FolderTree,
    private readonly timers: WatchTimers,
    private readonly host: WalkHost,
  ) {}

  /** Folders wait to be walked. */
  get pending(): boolean {
    return this.head < this.queue.length;
  }

  enqueue(item: WalkItem): void {
    if (this.timers.closed) return;
    this.queue.push(item);
    this.timers.soon('walk', () => this.pump());
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
  }

  private pump(): void {
    const end = performance.now() + SLICE_MS;
    while (this.head < this.queue.length && performance.now() < end) {
      const item = this.queue[this.head++];
      if (item) this.walkOne(item);
    }
    if (this.head < this.queue.length) {
      this.timers.soon('walk', () => this.pump());
      return;
    }
    this.clear();
    this.host.drained();
  }

  private walkOne(item: WalkItem): void {
    if (!this.host.isActive(item.root)) return; // its root was closed meanwhile
    if (item.parent && !this.tree.isLive(item.parent)) return; // its parent vanished meanwhile
    if (this.tree.get(item.dir)) return;
    const st = statOrNull(item.dir);
    if (!st?.isDirectory()) {
      if (item.parent === null) this.host.rootLost(item.root);
      return;
    }
    if (this.tree.hasIdentity(identityOf(st))) return;
    const node = newNode(item.dir, item.dir, item.depth, item.root, item.parent, null, st);
    this.tree.addFolder(node);
    this.host.watch(node);
    // Unreadable (permissions): the importer reports it; keep the node so it is re-checked.
    const entries = readEntries(item.dir) ?? [];
    const { dirs, files } = watchedEntries(item.dir, item.depth, entries, (real) =>
      this.host.linkTargetAllowed(real),
    );
    for (const name of dirs) {
      this.enqueue({
        dir: path.join(item.dir, name),
        depth: item.depth + 1,
        root: item.root,
        parent: node,
        report: false,
      });
    }
    for (const name of files) restamp(node.files, node.dir, name);
    for (const stamp of node.files.values()) node.lastChangeMs = Math.max(node.lastChangeMs, stamp.mtimeMs);
    if (item.report) this.host.report(item.dir);
  }
}
