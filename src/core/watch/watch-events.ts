import path from 'node:path';
import { isBurrFileName } from '../burr/walk-rules';
import { isWithin } from './path-set';

/**
 * What a watch event means for the folder it names. Events only mark a folder
 * dirty with a hint of how much to check again; the check itself runs after
 * the debounce window, so a burst of events costs one check.
 */
export interface DirtyHint {
  /** Entries were added, removed or renamed: list the folder again. */
  entries: boolean;
  /** Burr files named by events; null means all of them. */
  names: Set<string> | null;
  /** An event named a Burr file: report even if size and mtime look the same (same-millisecond rewrite). */
  force: boolean;
  /** The watch may point at a deleted inode (an event about the folder itself): watch it again. */
  rewatch: boolean;
}

/** What a sweep or a poll checks: every Burr file against its stamp (and the entries if the folder's mtime moved). */
export const FULL_CHECK: Readonly<DirtyHint> = { entries: false, names: null, force: false, rewatch: false };

/** List the folder again and check all its files. */
export function listAgain(rewatch = false): DirtyHint {
  return { entries: true, names: null, force: false, rewatch };
}

/** Folds `hint` into `prev` (which it may change): the union of what both ask to check. */
export function mergeHint(prev: DirtyHint | undefined, hint: DirtyHint): DirtyHint {
  if (!prev) return { ...hint, names: hint.names ? new Set(hint.names) : null };
  prev.entries ||= hint.entries;
  prev.force ||= hint.force;
  prev.rewatch ||= hint.rewatch;
  if (prev.names === null || hint.names === null) prev.names = null;
  else for (const n of hint.names) prev.names.add(n);
  return prev;
}

/** A watched folder as events see it: `onlyFile` set when it stands for one opened file. */
export interface WatchedFolder {
  dir: string;
  onlyFile: string | null;
}

/** The check an event of a folder's own watch asks for; null when it cannot matter. */
export function dirEventHint(folder: WatchedFolder, type: string, name: string | null): DirtyHint | null {
  if (name === null) return listAgain();
  // libuv names the watched folder itself when it is deleted or moved (no child name).
  const aboutItself = type === 'rename' && name === path.basename(folder.dir);
  if (folder.onlyFile !== null) {
    if (name === folder.onlyFile)
      return { entries: false, names: new Set([name]), force: true, rewatch: false };
    return aboutItself ? listAgain(true) : null;
  }
  if (isBurrFileName(name)) {
    return { entries: type === 'rename', names: new Set([name]), force: true, rewatch: aboutItself };
  }
  if (type === 'rename') return listAgain(aboutItself);
  // Other 'change' events (another file written, a subfolder's attributes) never matter.
  return null;
}

/**
 * Where an event of a recursive watch on `rootPath` (naming `name` relative to
 * it) lands: on the known folder holding it, as that folder's own watch would
 * have reported it; otherwise (inside a folder not walked yet, or a skipped
 * one) on the nearest known folder above, which lists its entries again and
 * finds what is new. `folderAt` gives the known folder of this root at a path.
 */
export function recursiveEventHint<F extends WatchedFolder>(
  rootPath: string,
  type: string,
  name: string,
  folderAt: (dir: string) => F | undefined,
): { folder: F; hint: DirtyHint } | null {
  const full = path.join(rootPath, name);
  const parent = full === rootPath ? undefined : folderAt(path.dirname(full));
  if (parent) {
    const hint = dirEventHint(parent, type, path.basename(full));
    return hint ? { folder: parent, hint } : null;
  }
  for (let dir = full; isWithin(dir, rootPath); dir = path.dirname(dir)) {
    const folder = folderAt(dir);
    if (folder) return { folder, hint: listAgain() };
    if (dir === rootPath) return null;
  }
  return null;
}
