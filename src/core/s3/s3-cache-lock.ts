import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../process-alive';
import { S3SyncError } from './s3-errors';

/**
 * One sync at a time per cached bucket. The app's periodic sync and a CLI run
 * share the cache next to the shared database; two writers on one `.part`
 * file would interleave bytes into a file of the right size and wrong content.
 * A lock whose process is gone, or that stopped being refreshed (the process
 * was killed and its pid reused), is taken over.
 */

const LOCK_NAME = '.stream-lens-sync.lock';
const HEARTBEAT_MS = 15_000;
const STALE_MS = 120_000;

interface LockBody {
  pid: number;
  startedAt: string;
}

function readHolder(file: string): (LockBody & { ageMs: number }) | null {
  try {
    const body = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockBody>;
    const ageMs = Date.now() - statSync(file).mtimeMs;
    return typeof body.pid === 'number' ? { pid: body.pid, startedAt: String(body.startedAt), ageMs } : null;
  } catch {
    return null;
  }
}

/** Takes the lock of `<cacheDir>/<bucket>`; the returned function releases it. */
export function acquireCacheLock(bucketDir: string, bucketLabel: string): () => void {
  mkdirSync(bucketDir, { recursive: true });
  const file = path.join(bucketDir, LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(
        file,
        JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockBody),
        {
          flag: 'wx',
        },
      );
      const beat = setInterval(() => {
        try {
          const t = new Date();
          utimesSync(file, t, t);
        } catch {
          // The lock file went away (cache cleared): nothing to refresh.
        }
      }, HEARTBEAT_MS);
      beat.unref();
      return () => {
        clearInterval(beat);
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && processAlive(holder.pid) && holder.ageMs < STALE_MS) {
        throw new S3SyncError(
          'other',
          `Another sync of ${bucketLabel} is running (process ${holder.pid}, since ${holder.startedAt}). Wait for it to finish, then sync again.`,
          'SyncInProgress',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new S3SyncError(
    'other',
    `Cannot lock the S3 cache folder ${bucketDir}: remove ${file} and sync again.`,
    'SyncLock',
  );
}
