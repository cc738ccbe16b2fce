import { classifyPath, type DiscoveredFile } from '../burr/layout';
import { ImportWriter } from './import-writer';
import type { StoreDatabase } from './open-store';
import { PathKeyTaken, pathKey } from './path-key';
import { isSidecar } from './sidecar-stamps';

/**
 * The SQL of S3 sync: the `sources` row of a bucket, its per-project
 * high-water marks (migration 3), and the `files` rows (or sidecar stamps) of
 * synced objects with their S3 metadata. Credentials never reach this file: `config` holds only
 * where the bucket is.
 */

export interface S3SourceRow {
  id: number;
  location: string;
  /** JSON of the source config, as stored. */
  config: string | null;
  lastImportAt: string | null;
}

/** What the store knows about one cached object's file, to decide whether to download or import it. */
export interface S3FileState {
  size: number;
  importedAt: number | null;
  error: string | null;
  s3Meta: string | null;
}

const now = (): string => new Date().toISOString();

/** Adds the bucket as a source (or updates its config) and returns its id. */
export function upsertS3Source(db: StoreDatabase, location: string, configJson: string): number {
  const row = db
    .prepare(
      `INSERT INTO sources (kind, location, config, added_at) VALUES ('s3', ?, ?, ?)
       ON CONFLICT (location) DO UPDATE SET config = excluded.config
       RETURNING id`,
    )
    .get(location, configJson, now()) as { id: number };
  return row.id;
}

export function findS3Source(db: StoreDatabase, location: string): S3SourceRow | undefined {
  return db
    .prepare(
      `SELECT id, location, config, last_import_at AS lastImportAt FROM sources
       WHERE kind = 's3' AND location = ?`,
    )
    .get(location) as S3SourceRow | undefined;
}

export function getS3Source(db: StoreDatabase, sourceId: number): S3SourceRow | undefined {
  return db
    .prepare(
      `SELECT id, location, config, last_import_at AS lastImportAt FROM sources
       WHERE kind = 's3' AND id = ?`,
    )
    .get(sourceId) as S3SourceRow | undefined;
}

/** Every S3 source, for a periodic sync of all of them. */
export function listS3Sources(db: StoreDatabase): S3SourceRow[] {
  return db
    .prepare(
      `SELECT id, location, config, last_import_at AS lastImportAt FROM sources
       WHERE kind = 's3' ORDER BY id`,
    )
    .all() as S3SourceRow[];
}

export function markS3SourceSynced(db: StoreDatabase, sourceId: number): void {
  db.prepare('UPDATE sources SET last_import_at = ? WHERE id = ?').run(now(), sourceId);
}

/** project → last key downloaded and imported. */
export function highWaterMarks(db: StoreDatabase, sourceId: number): Map<string, string> {
  const rows = db
    .prepare('SELECT project, last_key AS lastKey FROM s3_sync_state WHERE source_id = ?')
    .all(sourceId) as { project: string; lastKey: string }[];
  return new Map(rows.map((r) => [r.project, r.lastKey]));
}

/**
 * Moves a project's mark forward, never back: SQLite's BINARY collation
 * compares the UTF-8 bytes, which is the order S3 lists keys in.
 */
export function advanceHighWaterMark(
  db: StoreDatabase,
  sourceId: number,
  project: string,
  lastKey: string,
): void {
  db.prepare(
    `INSERT INTO s3_sync_state (source_id, project, last_key, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source_id, project) DO UPDATE SET last_key = excluded.last_key, updated_at = excluded.updated_at
     WHERE excluded.last_key > s3_sync_state.last_key`,
  ).run(sourceId, project, lastKey, now());
}

export function s3FileStates(db: StoreDatabase, paths: readonly string[]): Map<string, S3FileState> {
  const fileState = db.prepare(
    `SELECT path, size, imported_at AS importedAt, error, s3_meta AS s3Meta FROM files WHERE path_key = ?`,
  );
  // A graph.json or metadata.json is stamped on its app (store/sidecar-stamps.ts), found by the app's names.
  const sidecarState = db.prepare(
    `SELECT s.size, s.read_at AS importedAt, s.error, s.s3_meta AS s3Meta FROM app_sidecars s
     JOIN apps a ON a.id = s.app_ref JOIN projects p ON p.id = a.project_id
     WHERE p.name = ? AND a.partition_dir = ? AND a.app_id = ? AND s.path_key = ?`,
  );
  const out = new Map<string, S3FileState>();
  for (const p of paths) {
    const found = classifyPath(p);
    if (found && isSidecar(found)) {
      const row = sidecarState.get(found.project, found.partitionDir, found.appId, pathKey(p));
      if (row) out.set(p, row as S3FileState);
      continue;
    }
    const { path: rowPath, ...row } = (fileState.get(pathKey(p)) ?? {}) as S3FileState & { path?: string };
    if (rowPath === p) out.set(p, row);
  }
  return out;
}

/**
 * Records downloaded objects before they are imported, in one transaction: each
 * belongs to the S3 source from the start and carries its object metadata, even
 * if the import that follows is stopped. A log gets its `files` row, a sidecar
 * its stamp on its app. One already recorded keeps its source (a file is never
 * moved between sources).
 */
export function registerS3Files(
  db: StoreDatabase,
  sourceId: number,
  entries: readonly { file: DiscoveredFile; s3Meta: string }[],
): void {
  if (entries.length === 0) return;
  const writer = new ImportWriter(db);
  const setMeta = db.prepare('UPDATE files SET s3_meta = ? WHERE id = ?');
  db.transaction(() => {
    for (const { file, s3Meta } of entries) {
      if (isSidecar(file)) {
        writer.sidecars.register(writer.appRef(file), sourceId, file, s3Meta);
        continue;
      }
      let id: number;
      try {
        id = writer.ensureFile(sourceId, file, writer.appRef(file));
      } catch (error) {
        // Left unregistered: the import that follows reports it (store/path-key.ts).
        if (!(error instanceof PathKeyTaken)) throw error;
        writer.forgetEmptyAddedApps(); // the app appRef may just have added
        continue;
      }
      setMeta.run(s3Meta, id);
    }
  })();
}
