import { type FactsSnapshot, loadFactsSnapshot, refreshFactsSnapshot } from './facts-snapshot';
import { readSnapshotFile, readSnapshotStamp, snapshotFilePath } from './facts-snapshot-file';
import { readSnapshotFileAsync } from './facts-snapshot-read';
import { canCatchUp, readFactsStamp, sameFactsStamp } from './facts-version';
import type { StoreDatabase } from './open-store';

/** Where a full load came from: the saved file as is, the file plus the apps changed since, or SQL. */
export type SnapshotOrigin = 'file' | 'file+changes' | 'sql';

/**
 * The whole snapshot, from the saved file when it is this database's (same id and schema): as is
 * when its facts version is the database's, else brought up to date by re-reading only the apps
 * whose facts changed since (the database records which). Anything else, a missing, damaged or
 * foreign file included, reads every stream from SQL. `base`: the file's snapshot a refresh started
 * from (its sorted orders derive the new ones; facts-snapshot-orders.ts).
 */
export function loadSnapshotSavedOrSql(
  db: StoreDatabase,
  databasePath: string,
  /** The saved file's snapshot when the caller has read it already (null: none, or unusable). */
  saved: FactsSnapshot | null = readSavedSnapshot(databasePath),
): { snapshot: FactsSnapshot; origin: SnapshotOrigin; base: FactsSnapshot | null } {
  return db.transaction(() => {
    const stamp = readFactsStamp(db);
    if (saved?.stamp && stamp && canCatchUp(saved.stamp, stamp)) {
      if (saved.stamp.version === stamp.version)
        return { snapshot: saved, origin: 'file' as const, base: null };
      return { snapshot: refreshFactsSnapshot(db, saved, []), origin: 'file+changes' as const, base: saved };
    }
    return { snapshot: loadFactsSnapshot(db), origin: 'sql' as const, base: null };
  })();
}

function readSavedSnapshot(databasePath: string): FactsSnapshot | null {
  const file = snapshotFilePath(databasePath);
  return file ? readSnapshotFile(file) : null;
}

/**
 * The saved snapshot when it is exactly the database's current state, read without holding this
 * thread (no worker to start: the common start); null otherwise (then the worker loads).
 */
export async function savedSnapshotIfCurrent(
  db: StoreDatabase,
  databasePath: string,
): Promise<FactsSnapshot | null> {
  const file = snapshotFilePath(databasePath);
  if (!file) return null;
  // A file the header shows behind (an import since) is not read here: the worker brings it up to
  // date and reads it then, once (reading it here too cost 1.3 s of a 7 s start at 1M streams).
  const named = readSnapshotStamp(file);
  const now = readFactsStamp(db);
  if (named && !sameFactsStamp(named, now)) return null;
  const saved = await readSnapshotFileAsync(file);
  if (!saved?.stamp || !db.open) return null;
  return sameFactsStamp(saved.stamp, readFactsStamp(db)) ? saved : null;
}
