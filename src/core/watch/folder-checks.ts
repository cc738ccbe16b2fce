import path from 'node:path';
import { readEntries, watchedEntries } from './folder-entries';
import { identityOf, restamp, statOrNull } from './folder-stamps';
import type { DirNode, FolderTree, RootEntry } from './folder-tree';
import type { FolderWalk } from './folder-walk';
import type { WatchBackends } from './watch-backends';
import type { DirtyHint } from './watch-events';

/**
 * Re-checks one folder against its stamps, with as few system calls as the
 * hint allows: a folder gone or replaced, new or removed subfolders (new ones
 * are walked and reported), Burr files that appeared, vanished or changed.
 */
export interface CheckHost {
  report(path: string): void;
  /** The opened folder itself is gone (deleted, unmounted): wait for it to come back. */
  rootLost(root: RootEntry): void;
  /** Starts the opened folder again from scratch, reporting it. */
  restartRoot(root: RootEntry): void;
  linkTargetAllowed(realPath: string): boolean;
}

export class FolderChecks {
  constructor(
    private readonly tree: FolderTree,
    private readonly walk: FolderWalk,
    private readonly backends: WatchBackends,
    private readonly host: CheckHost,
  ) {}

  check(node: DirNode, hint: Readonly<DirtyHint>): void {
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
      this.backends.detach(node);
      this.backends.attach(node);
    }
    const entriesChanged = hint.entries || st.mtimeMs !== node.mtimeMs;
    node.mtimeMs = st.mtimeMs;
    let changed = hint.force;
    if (node.onlyFile !== null) changed = restamp(node.files, node.dir, node.onlyFile) || changed;
    else if (entriesChanged) changed = this.rereadEntries(node) || changed;
    else
      for (const name of hint.names ?? [...node.files.keys()])
        changed = restamp(node.files, node.dir, name) || changed;
    if (changed || entriesChanged) node.lastChangeMs = Date.now();
    if (changed) this.host.report(node.key);
  }

  /** Lists a folder again: walks new subfolders (reported as new), forgets removed ones, restamps Burr files. */
  private rereadEntries(node: DirNode): boolean {
    const entries = readEntries(node.dir);
    if (entries === null) return false; // gone or unreadable right now: the next check or the parent's deals with it
    const { dirs, files } = watchedEntries(node.dir, node.depth, entries, (real) =>
      this.host.linkTargetAllowed(real),
    );
    let changed = false;
    for (const name of [...node.subdirs]) {
      if (dirs.has(name)) continue;
      const child = this.tree.get(path.join(node.dir, name));
      if (child && child.parent === node) this.tree.drop(child);
      node.subdirs.delete(name);
    }
    for (const name of dirs) {
      if (!node.subdirs.has(name)) {
        this.walk.enqueue({
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
    for (const name of files) changed = restamp(node.files, node.dir, name) || changed;
    return changed;
  }

  /** The folder is gone: forget it and everything below (the importer keeps what it imported). */
  private lose(node: DirNode): void {
    this.tree.drop(node);
    if (node.parent === null) this.host.rootLost(node.root);
  }

  /** The folder was replaced by another one under the same name: start over and report it. */
  private replace(node: DirNode): void {
    const { dir, depth, root, parent } = node;
    this.tree.drop(node);
    if (parent === null) {
      this.host.rootLost(root);
      this.host.restartRoot(root);
    } else this.walk.enqueue({ dir, depth, root, parent, report: true });
  }
}
