import type { FSWatcher, Stats } from 'node:fs';
import path from 'node:path';
import { type FileStamp, identityOf } from './folder-stamps';

/**
 * The folders being followed: one node per folder (or per opened file), each
 * with its parent, its subfolders and the stamps of its Burr files. Dropping a
 * folder drops everything below it.
 */

export interface RootEntry {
  path: string;
  kind: 'dir' | 'file' | 'missing';
  /** The native recursive watch ('recursive' backend); null means its folders are watched one by one. */
  recursive: FSWatcher | null;
}

export interface DirNode {
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

export function newNode(
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

export class FolderTree {
  private readonly nodes = new Map<string, DirNode>();
  /** Folder identities already walked: a symlink loop or one folder reached twice is walked once (as the TreeWalker does). */
  private readonly seen = new Map<string, DirNode>();

  /** `forget` releases what else refers to a dropped node (its watch, its pending check). */
  constructor(private readonly forget: (node: DirNode) => void) {}

  get size(): number {
    return this.nodes.size;
  }

  get(key: string): DirNode | undefined {
    return this.nodes.get(key);
  }

  values(): IterableIterator<DirNode> {
    return this.nodes.values();
  }

  /** Still followed: a node dropped meanwhile (or replaced under its key) is stale. */
  isLive(node: DirNode): boolean {
    return this.nodes.get(node.key) === node;
  }

  hasIdentity(identity: string): boolean {
    return this.seen.has(identity);
  }

  /** Adds an opened file's node: its folder is not walked, so its identity does not block a walk. */
  addFile(node: DirNode): void {
    this.nodes.set(node.key, node);
  }

  /** Adds a walked folder under its parent. */
  addFolder(node: DirNode): void {
    this.nodes.set(node.key, node);
    this.seen.set(node.identity, node);
    node.parent?.subdirs.add(path.basename(node.dir));
  }

  /** Forgets the folder and everything below it. */
  drop(node: DirNode): void {
    for (const name of [...node.subdirs]) {
      const child = this.nodes.get(path.join(node.dir, name));
      if (child && child.parent === node) this.drop(child);
    }
    node.subdirs.clear();
    this.forget(node);
    if (this.nodes.get(node.key) === node) this.nodes.delete(node.key);
    if (this.seen.get(node.identity) === node) this.seen.delete(node.identity);
    node.parent?.subdirs.delete(path.basename(node.dir));
  }

  clear(): void {
    this.nodes.clear();
    this.seen.clear();
  }
}
