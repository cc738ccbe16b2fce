import { type Dirent, readdirSync } from 'node:fs';
import path from 'node:path';
import { descendsInto, isBurrFileName, realPathOrNull } from '../burr/walk-rules';
import { statOrNull } from './folder-stamps';

/**
 * Which entries of a listed folder the watcher follows, by the walk rules the
 * importer's TreeWalker uses: subfolders it would walk, Burr files it would read.
 */
export interface WatchedEntries {
  dirs: Set<string>;
  files: Set<string>;
}

/** The folder's entries, or null when it cannot be listed right now (gone, permissions). */
export function readEntries(dir: string): Dirent[] | null {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
}

export function watchedEntries(
  dir: string,
  depth: number,
  entries: readonly Dirent[],
  linkTargetAllowed: (realPath: string) => boolean,
): WatchedEntries {
  const dirs = new Set<string>();
  const files = new Set<string>();
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (descendsInto(entry.name, depth)) dirs.add(entry.name);
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
