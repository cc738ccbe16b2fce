import path from 'node:path';
import { realPathOrNull, staysInsideRoots } from '../burr/walk-rules';
import { restamp, statOrNull } from './folder-stamps';
import { type FolderTree, newNode, type RootEntry } from './folder-tree';
import type { FolderWalk } from './folder-walk';
import { isWithin } from './path-set';
import type { WatchBackends } from './watch-backends';

/**
 * The opened roots: folders (walked and watched), single files (their folder
 * watched for that one name) and missing ones (polled until they appear). Only
 * the outermost roots are started: a root inside another one is covered by it.
 */
export interface RootsHost {
  report(path: string): void;
  needPolling(): void;
}

export class WatchRoots {
  private readonly list: string[] = [];
  private readonly active = new Map<string, RootEntry>();

  constructor(
    private readonly tree: FolderTree,
    private readonly backends: WatchBackends,
    private readonly walk: FolderWalk,
    private readonly host: RootsHost,
    /** Report each root once started, so an import run then catches anything written before. */
    private readonly reportOnStart: boolean,
  ) {}

  /** The opened roots, resolved, in the order they were added. */
  get paths(): readonly string[] {
    return this.list;
  }

  /** The roots being followed (the outermost ones). */
  started(): IterableIterator<RootEntry> {
    return this.active.values();
  }

  /** Whether `root` is still followed (not stopped or replaced meanwhile). */
  isActive(root: RootEntry): boolean {
    return this.active.get(root.path) === root;
  }

  add(roots: readonly string[]): void {
    let added = false;
    for (const root of roots) {
      const resolved = path.resolve(root);
      if (this.list.includes(resolved)) continue;
      this.list.push(resolved);
      added = true;
    }
    if (added) this.reconcile();
  }

  remove(root: string): void {
    const at = this.list.indexOf(path.resolve(root));
    if (at < 0) return;
    this.list.splice(at, 1);
    this.reconcile();
  }

  /** Whether a linked file's real path lies inside an opened root, as the TreeWalker requires. */
  readonly linkTargetAllowed = (real: string): boolean =>
    staysInsideRoots(
      real,
      this.list.map((root) => realPathOrNull(root) ?? root),
    );

  start(entry: RootEntry, report: boolean): void {
    const st = statOrNull(entry.path);
    if (st?.isDirectory()) {
      entry.kind = 'dir';
      if (this.backends.backend === 'recursive') this.backends.startRecursive(entry);
      this.walk.enqueue({ dir: entry.path, depth: 0, root: entry, parent: null, report });
      return;
    }
    const dir = path.dirname(entry.path);
    const dirStat = st?.isFile() ? statOrNull(dir) : null;
    if (!dirStat) {
      entry.kind = 'missing';
      this.host.needPolling();
      return;
    }
    // An opened file: watch its folder for that one name (an app rewriting the
    // file by rename gets a new inode, which a watch on the file would miss).
    entry.kind = 'file';
    const name = path.basename(entry.path);
    const node = newNode(entry.path, dir, 0, entry, null, name, dirStat);
    this.tree.addFile(node);
    this.backends.attach(node);
    restamp(node.files, node.dir, name);
    if (report) this.host.report(entry.path);
  }

  /** The opened folder itself is gone (deleted, unmounted): wait for it to come back. */
  lost(entry: RootEntry): void {
    this.backends.stopRecursive(entry);
    entry.kind = 'missing';
    this.host.needPolling();
  }

  /** Tries the missing roots again (each poll); returns how many are still missing. */
  retryMissing(): number {
    let missing = 0;
    for (const root of this.active.values()) {
      if (root.kind !== 'missing') continue;
      this.start(root, true);
      if (root.kind === 'missing') missing++;
    }
    return missing;
  }

  /** Releases the recursive watches; the folders' own watches are the tree's. */
  close(): void {
    for (const root of this.active.values()) this.backends.stopRecursive(root);
    this.active.clear();
  }

  /** Starts the outermost roots and stops the rest: a root inside another one is already covered by it. */
  private reconcile(): void {
    const top = this.list.filter((r) => !this.list.some((other) => other !== r && isWithin(r, other)));
    for (const [rootPath, entry] of this.active) if (!top.includes(rootPath)) this.stop(entry);
    for (const rootPath of top) {
      if (this.active.has(rootPath)) continue;
      const entry: RootEntry = { path: rootPath, kind: 'missing', recursive: null };
      this.active.set(rootPath, entry);
      this.start(entry, this.reportOnStart);
    }
  }

  private stop(entry: RootEntry): void {
    this.backends.stopRecursive(entry);
    const node = this.tree.get(entry.path);
    if (node && node.root === entry) this.tree.drop(node);
    this.active.delete(entry.path);
  }
}
