import type { StoreDatabase } from './open-store';

/** What a saved snapshot must match to be used: this database, its schema, its facts version. */
export interface FactsStamp {
  dbId: string;
  schema: number;
  version: number;
}

/** Whether two stamps name the same facts: one database, one schema, one version. */
export function sameFactsStamp(a: FactsStamp | null, b: FactsStamp | null): boolean {
  return !!a && !!b && a.dbId === b.dbId && a.schema === b.schema && a.version === b.version;
}

/**
 * Whether facts saved at `saved` can be brought up to `now` by re-reading the apps changed since:
 * the same database and schema, and not ahead of it (a newer file is another history's).
 */
export function canCatchUp(saved: FactsStamp, now: FactsStamp): boolean {
  return saved.dbId === now.dbId && saved.schema === now.schema && saved.version <= now.version;
}

/**
 * The database's stamp (migration 9), read in the caller's transaction so that it dates the rows read
 * with it; null for a database without one (then nothing is saved).
 */
export function readFactsStamp(db: StoreDatabase): FactsStamp | null {
  const schema = db.pragma('user_version', { simple: true }) as number;
  try {
    const row = db.prepare('SELECT db_id AS dbId, version FROM facts_version WHERE id = 1').get() as
      | { dbId: string; version: number }
      | undefined;
    return row ? { ...row, schema } : null;
  } catch {
    return null; // a database older than migration 9, opened read-only
  }
}

/** Apps whose facts changed after `version` (deleted apps included: their rows are gone). */
export function appsChangedSince(db: StoreDatabase, version: number): number[] {
  return db
    .prepare('SELECT app_ref FROM facts_app_versions WHERE version > ?')
    .pluck()
    .all(version) as number[];
}
