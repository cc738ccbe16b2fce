import type { StoreDatabase } from './open-store';

/**
 * A source's notices: of its log files (by their row), of its sidecars (by the notice's source),
 * and those tied to no file nor source (walk errors, live-folder warnings), which every source shows.
 */
const SOURCE_NOTICES = `AND (f.source_id = :sourceId OR n.source_id = :sourceId
  OR (n.file_ref IS NULL AND n.source_id IS NULL))`;

/** Quarantined lines, notices and current file errors, newest first. */
export function listProblems(db: StoreDatabase, sourceId: number | undefined, limit: number) {
  const sourceClause = sourceId === undefined ? '' : 'AND f.source_id = :sourceId';
  const params = sourceId === undefined ? { limit } : { limit, sourceId };
  const quarantineTotal = (
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM quarantine q JOIN files f ON f.id = q.file_ref WHERE 1 = 1 ${sourceClause}`,
      )
      .get(params) as { n: number }
  ).n;
  const quarantine = (
    db
      .prepare(
        `SELECT q.id, q.file_ref AS fileRef, f.path, q.line_no AS lineNo, q.byte_offset AS byteOffset, q.byte_len AS byteLength, q.reason,
          q.excerpt, q.imported, q.created_at AS createdAt
         FROM quarantine q JOIN files f ON f.id = q.file_ref WHERE 1 = 1 ${sourceClause}
         ORDER BY q.id DESC LIMIT :limit`,
      )
      .all(params) as {
      id: number;
      fileRef: number;
      path: string;
      lineNo: number;
      byteOffset: number;
      byteLength: number;
      reason: string;
      excerpt: string | null;
      imported: number;
      createdAt: string;
    }[]
  ).map((q) => ({ ...q, imported: q.imported === 1 }));
  const notices = db
    .prepare(
      `SELECT n.id, n.path, n.level, n.message, n.created_at AS createdAt FROM notices n
       LEFT JOIN files f ON f.id = n.file_ref WHERE 1 = 1 ${sourceId === undefined ? '' : SOURCE_NOTICES}
       ORDER BY n.id DESC LIMIT :limit`,
    )
    .all(params) as {
    id: number;
    path: string;
    level: 'info' | 'warning' | 'error';
    message: string;
    createdAt: string;
  }[];
  const fileErrors = db
    .prepare(
      `SELECT f.path, f.error FROM all_files f WHERE f.error IS NOT NULL ${sourceClause} ORDER BY f.path LIMIT :limit`,
    )
    .all(params) as { path: string; error: string }[];
  return { quarantineTotal, quarantine, notices, fileErrors };
}

/**
 * Changes whenever Problems does: a line quarantined or released, a notice, a file error found or
 * cleared. Cheap (indexes and rowid maxima), so it can be taken around every import.
 */
export function problemsStamp(db: StoreDatabase): string {
  return db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM quarantine) || ':' || IFNULL((SELECT MAX(id) FROM quarantine), 0) || '/' ||
        IFNULL((SELECT MAX(id) FROM notices), 0) || '/' || (SELECT COUNT(*) FROM files WHERE error IS NOT NULL) || '/' ||
        (SELECT COUNT(*) FROM app_sidecars WHERE error IS NOT NULL)`,
    )
    .pluck()
    .get() as string;
}
