import { statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { registerPathKeyFunction } from '../../src/core/store/path-key';

/**
 * Turns a database of a local tree back into earlier schemas, as an older Stream Lens left it, so
 * a migration is tested on what it really finds.
 */

/**
 * Schema 11: graph.json and metadata.json as files rows, not stamps on their app. Their paths are
 * not stored in schema 12: they are put back next to their app's log file (the local layout).
 */
export function backToSchema11(file: string): void {
  const db = new Database(file);
  registerPathKeyFunction(db);
  const sidecars = db
    .prepare(
      `SELECT s.app_ref AS appRef, s.kind, s.source_id AS sourceId, s.size, s.mtime_ms AS mtimeMs,
        s.read_at AS readAt, s.error, s.s3_meta AS s3Meta,
        (SELECT f.path FROM files f WHERE f.app_ref = s.app_ref AND f.kind = 'log' LIMIT 1) AS logPath
       FROM app_sidecars s ORDER BY s.app_ref, s.kind`,
    )
    .all() as {
    appRef: number;
    kind: 'graph' | 'metadata';
    sourceId: number | null;
    size: number;
    mtimeMs: number;
    readAt: number | null;
    error: string | null;
    s3Meta: string | null;
    logPath: string | null;
  }[];
  const insert = db.prepare(`INSERT INTO files (source_id, path, path_key, kind, app_ref, size, mtime_ms,
    identity, byte_offset, line_no, error, s3_meta, imported_at) VALUES (?, ?, path_key(?), ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`);
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    for (const s of sidecars) {
      if (s.logPath === null) throw new Error(`app ${s.appRef} has no log file to put its sidecars next to`);
      const sidecarPath = path.join(path.dirname(s.logPath), `${s.kind}.json`);
      const st = statSync(sidecarPath);
      const id = insert.run(
        s.sourceId,
        sidecarPath,
        sidecarPath,
        s.kind,
        s.appRef,
        s.size,
        s.mtimeMs,
        `${st.dev}:${st.ino}`,
        s.size,
        s.error,
        s.s3Meta,
        s.readAt,
      ).lastInsertRowid;
      // Schema 11 tied a sidecar's notices to its row.
      db.prepare('UPDATE notices SET file_ref = ?, source_id = NULL WHERE path = ? AND file_ref IS NULL').run(
        id,
        sidecarPath,
      );
    }
    // Schema 11's notices had no source (SQLite cannot drop a column that references a table).
    db.exec(`DROP VIEW all_files; DROP TABLE app_sidecars;
      CREATE TABLE notices_v11 (id INTEGER PRIMARY KEY, file_ref INTEGER REFERENCES files(id), path TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')), message TEXT NOT NULL,
        created_at TEXT NOT NULL);
      INSERT INTO notices_v11 SELECT id, file_ref, path, level, message, created_at FROM notices;
      DROP TABLE notices;
      ALTER TABLE notices_v11 RENAME TO notices;
      PRAGMA user_version = 11;`);
  })();
  db.close();
}

/** Schema 10: files unique by path, no path_key, imported_at as ISO text (what migration 11 finds). */
export function backToSchema10(file: string): void {
  backToSchema11(file);
  const db = new Database(file);
  db.exec(`
    PRAGMA foreign_keys = OFF;
    BEGIN;
    CREATE TABLE files_v10 (
      id INTEGER PRIMARY KEY, source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
      path TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, app_ref INTEGER REFERENCES apps(id),
      time_folder TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0, mtime_ms REAL NOT NULL DEFAULT 0,
      identity TEXT, head_hash TEXT, head_len INTEGER NOT NULL DEFAULT 0, byte_offset INTEGER NOT NULL DEFAULT 0,
      line_no INTEGER NOT NULL DEFAULT 0, error TEXT, s3_meta TEXT, imported_at TEXT,
      attributes INTEGER NOT NULL DEFAULT 0, trace_lines BLOB DEFAULT x'');
    INSERT INTO files_v10 SELECT id, source_id, path, kind, app_ref, time_folder, size, mtime_ms, identity,
      head_hash, head_len, byte_offset, line_no, error, s3_meta,
      strftime('%Y-%m-%dT%H:%M:%fZ', imported_at / 1000.0, 'unixepoch'), attributes, trace_lines FROM files;
    DROP TABLE files;
    ALTER TABLE files_v10 RENAME TO files;
    CREATE INDEX files_app ON files(app_ref);
    CREATE INDEX files_identity ON files(identity);
    CREATE INDEX files_error ON files(id) WHERE error IS NOT NULL;
    PRAGMA user_version = 10;
    COMMIT;`);
  db.close();
}
