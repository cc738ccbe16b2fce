import type { NoticeLevel } from '../../shared/schemas/problems';
import type { StoreDatabase } from './open-store';

/**
 * The library's small writes outside an import: a source row, a notice. (The importer's own
 * writer prepares some twenty statements for its hot path; these need none of them.)
 */

const now = (): string => new Date().toISOString();

/** The source row for a location, created if new; its id. */
export function ensureSourceRow(
  db: StoreDatabase,
  kind: 'folder' | 's3',
  location: string,
  config?: unknown,
): number {
  // A source added again keeps its row; a new config (an S3 source re-added) replaces the old one.
  db.prepare(
    `INSERT INTO sources (kind, location, config, added_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (location) DO UPDATE SET config = COALESCE(excluded.config, config)`,
  ).run(kind, location, config === undefined ? null : JSON.stringify(config), now());
  return (db.prepare('SELECT id FROM sources WHERE location = ?').get(location) as { id: number }).id;
}

/**
 * A notice's fields: its file row (when it has one), path, level and message, and for a file with
 * no files row (a sidecar) the source it belongs to, so Problems can filter it.
 */
export type NoticeArgs = [
  fileRef: number | null,
  filePath: string,
  level: NoticeLevel,
  message: string,
  sourceId?: number | null,
];

/** A notice for Problems, about a path. */
export function writeNotice(
  db: StoreDatabase,
  ...[fileRef, filePath, level, message, sourceId = null]: NoticeArgs
): void {
  db.prepare(
    'INSERT INTO notices (file_ref, path, level, message, created_at, source_id) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(fileRef, filePath, level, message, now(), sourceId);
}
