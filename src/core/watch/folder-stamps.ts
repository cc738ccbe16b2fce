import { type Stats, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Baselines of what was seen, so a check without an event (a sweep, polling)
 * can tell what changed: each Burr file's size, mtime and inode, and each
 * folder's identity. A same-size rewrite still moves the mtime; a file
 * replaced by rename gets another inode.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

export function statOrNull(p: string): Stats | null {
  try {
    return statSync(p, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null; // EACCES, ENOTDIR, ELOOP: treat as not there
  }
}

/** Device + inode: a folder deleted and made again under the same name is another folder. */
export function identityOf(st: Stats): string {
  return `${st.dev}:${st.ino}`;
}

/**
 * Stats the Burr file `name` in `dir` and records its stamp in `files`; true
 * when it appeared, vanished, or its size, mtime or inode changed.
 */
export function restamp(files: Map<string, FileStamp>, dir: string, name: string): boolean {
  const st = statOrNull(path.join(dir, name));
  const old = files.get(name);
  if (!st?.isFile()) {
    if (!old) return false;
    files.delete(name);
    return true;
  }
  files.set(name, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev });
  return (
    !old || old.size !== st.size || old.mtimeMs !== st.mtimeMs || old.ino !== st.ino || old.dev !== st.dev
  );
}
