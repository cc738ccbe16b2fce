import { constants, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../process-alive';

/*
 * The temporary files a sidecar (`<db>.facts`, `<db>.views`) is written to before it is renamed
 * over the old one. One per save: the app and a CLI import may save the same sidecar at once, and
 * with one shared name each would truncate and mix into the other's (a file its hash then rejects,
 * and the next start rebuilt from SQL). Created afresh, never opened through what was there: a
 * symlink would be followed to whatever it names, and a named pipe would block the open.
 */

let saves = 0;

/** `<file>.<pid>-<n>.tmp`: a temporary file for `file` of this process, and of this save. */
export function tempFileFor(file: string): string {
  saves += 1;
  return `${file}.${process.pid}-${saves}.tmp`;
}

/** Write to a file created by this open: never one that was there (a link, a pipe, another's file). */
export const NEW_FILE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NONBLOCK ?? 0);

/**
 * Removes the temporary files of `file` left by processes that no longer run (one that crashed
 * mid-save leaves its file, up to the sidecar's size). Another running process's file is left alone.
 */
export function sweepStaleTemps(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(/^(\d+)-\d+$/.exec(name.slice(prefix.length, -'.tmp'.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    rmSync(path.join(dir, name), { force: true });
  }
}
