import type { Statement } from 'better-sqlite3';
import type { StoreDatabase } from './open-store';
import { RowBatcher } from './row-batcher';

/**
 * The importer's SQL: its single-row statements and its per-line row batchers, prepared once per
 * ImportWriter (see import-writer.ts for when each runs).
 */

export function prepareStatements(db: StoreDatabase) {
  const p = (sql: string): Statement => db.prepare(sql);
  return {
    sourceTouched: p('UPDATE sources SET last_import_at = ? WHERE id = ?'),
    projectInsert: p('INSERT INTO projects (name) VALUES (?) ON CONFLICT (name) DO NOTHING'),
    // Only a file with no checkpoint and no error: nothing was read from it, so nothing points at it.
    fileForget: p('DELETE FROM files WHERE id = ? AND byte_offset = 0 AND line_no = 0 AND error IS NULL'),
    appForget: p(
      `DELETE FROM apps WHERE id = ? AND NOT EXISTS (SELECT 1 FROM files WHERE app_ref = apps.id)
        AND NOT EXISTS (SELECT 1 FROM app_sidecars WHERE app_ref = apps.id)`,
    ),
    projectForget: p(
      'DELETE FROM projects WHERE id = ? AND NOT EXISTS (SELECT 1 FROM apps WHERE project_id = projects.id)',
    ),
    projectId: p('SELECT id FROM projects WHERE name = ?'),
    appInsert:
      p(`INSERT INTO apps (project_id, app_id, partition_dir, layout, partition_key) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (project_id, partition_dir, app_id) DO NOTHING`),
    appId: p('SELECT id FROM apps WHERE project_id = ? AND partition_dir = ? AND app_id = ?'),
    graphInsert: p('INSERT INTO graphs (json) VALUES (?) ON CONFLICT (json) DO NOTHING'),
    graphId: p('SELECT id FROM graphs WHERE json = ?'),
    fileByIdentity: p('SELECT path FROM files WHERE identity = ? AND path <> ? LIMIT 1'),
    // By path key (store/path-key.ts); the caller compares the path the row answers.
    fileGet: p(`SELECT id, path, size, mtime_ms, identity, head_hash, head_len, byte_offset, line_no, error
      FROM files WHERE path_key = ?`),
    fileInsert:
      p(`INSERT INTO files (source_id, path, path_key, kind, app_ref, time_folder) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (path_key) DO UPDATE SET source_id = COALESCE(source_id, excluded.source_id)
      WHERE files.path = excluded.path RETURNING id`),
    anyFile: p('SELECT 1 FROM files UNION ALL SELECT 1 FROM app_sidecars LIMIT 1'),
    fileAdd: p(
      'INSERT INTO files (source_id, path, path_key, kind, app_ref, time_folder) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    // Mid-file checkpoints (see checkpoint below for a file's last). The second is for a part that
    // added span or attribute lines: attributes and trace_lines grow by them (NULL, an index unknown
    // since the span_keys migration, stays NULL: that file's imported part is scanned instead). `||` makes text
    // of the bytes, unchanged: CAST takes them back as a blob.
    fileProgress: p('UPDATE files SET byte_offset = ?, line_no = ? WHERE id = ?'),
    fileProgressTrace: p(`UPDATE files SET attributes = attributes + ?,
      trace_lines = CAST(trace_lines || ? AS BLOB), byte_offset = ?, line_no = ? WHERE id = ?`),
    fileError: p('UPDATE files SET error = ?, size = ?, mtime_ms = ?, identity = ? WHERE id = ?'),
    noticeExists: p('SELECT 1 FROM notices WHERE path = ? AND message = ? LIMIT 1'),
  };
}

/** The per-line rows, many to a statement (same SQL as one row at a time, see RowBatcher). */
export function prepareRowBatchers(db: StoreDatabase) {
  const rows = (sql: (values: string) => string, columns: number): RowBatcher =>
    new RowBatcher(db, sql, columns);
  return {
    stepBegin: rows(
      (v) => `INSERT INTO steps (app_ref, sequence_id, action, start_us, begin_file, begin_offset, begin_len)
      VALUES ${v}
      ON CONFLICT (app_ref, sequence_id) DO UPDATE SET action = excluded.action, start_us = excluded.start_us,
        begin_file = excluded.begin_file, begin_offset = excluded.begin_offset, begin_len = excluded.begin_len`,
      7,
    ),
    stepEnd: rows(
      (
        v,
      ) => `INSERT INTO steps (app_ref, sequence_id, action, end_us, failed, exception, end_file, end_offset,
        end_len) VALUES ${v}
      ON CONFLICT (app_ref, sequence_id) DO UPDATE SET action = COALESCE(action, excluded.action),
        end_us = excluded.end_us, failed = excluded.failed, exception = excluded.exception,
        end_file = excluded.end_file, end_offset = excluded.end_offset, end_len = excluded.end_len`,
      9,
    ),
    streamBegin: rows(
      (
        v,
      ) => `INSERT INTO streams (app_ref, sequence_id, span_key, init_us, begin_file, begin_offset, begin_len)
      VALUES ${v}
      ON CONFLICT (app_ref, sequence_id, span_key) DO UPDATE SET init_us = excluded.init_us,
        begin_file = excluded.begin_file, begin_offset = excluded.begin_offset, begin_len = excluded.begin_len`,
      7,
    ),
    streamFirst: rows(
      (v) => `INSERT INTO streams (app_ref, sequence_id, span_key, first_item_us, first_file) VALUES ${v}
      ON CONFLICT (app_ref, sequence_id, span_key) DO UPDATE SET first_item_us = excluded.first_item_us,
        first_file = excluded.first_file`,
      5,
    ),
    streamEnd: rows(
      (v) => `INSERT INTO streams (app_ref, sequence_id, span_key, end_us, items, generation_time_ms,
        consumer_time_ms, first_item_time_ms, end_file, end_offset, end_len) VALUES ${v}
      ON CONFLICT (app_ref, sequence_id, span_key) DO UPDATE SET end_us = excluded.end_us, items = excluded.items,
        generation_time_ms = excluded.generation_time_ms, consumer_time_ms = excluded.consumer_time_ms,
        first_item_time_ms = excluded.first_item_time_ms, end_file = excluded.end_file,
        end_offset = excluded.end_offset, end_len = excluded.end_len`,
      11,
    ),
    // A span's key row (the span_keys migration): the begin_span line's file wins, as it did in the spans table.
    spanKeyBegin: rows(
      (v) => `INSERT INTO span_keys (app_ref, sequence_id, span_id, begin_file) VALUES ${v}
      ON CONFLICT (app_ref, sequence_id, span_id) DO UPDATE SET begin_file = excluded.begin_file`,
      4,
    ),
    spanKeyEnd: rows((v) => `INSERT OR IGNORE INTO span_keys (app_ref, sequence_id, span_id) VALUES ${v}`, 3),
    // A file's checkpoint, many files to a statement (an UPDATE joined to a VALUES list; SQLite looks
    // each id up by rowid). values: id, byte_offset, line_no, size, mtime_ms, identity, head_hash,
    // head_len, imported_at (+ attributes, trace_lines added: see fileProgressTrace).
    checkpoint: rows(
      (v) => `UPDATE files SET ${CHECKPOINT_SET} FROM (VALUES ${v}) AS v WHERE files.id = v.column1`,
      9,
    ),
    checkpointTrace: rows(
      (v) => `UPDATE files SET ${CHECKPOINT_SET}, attributes = files.attributes + v.column10,
        trace_lines = CAST(files.trace_lines || v.column11 AS BLOB)
      FROM (VALUES ${v}) AS v WHERE files.id = v.column1`,
      11,
    ),
    // An app's graph.json / metadata.json, many apps to a statement like checkpoints (every app of a
    // line-heavy tree has both: one statement each per app was a tenth of the importing thread's statements).
    // values: app id, graph id.
    appGraph: rows(
      (v) => `UPDATE apps SET graph_id = v.column2 FROM (VALUES ${v}) AS v WHERE apps.id = v.column1`,
      2,
    ),
    // values: app id, partition key, parent pointer, spawning parent pointer.
    appMetadata: rows(
      (
        v,
      ) => `UPDATE apps SET partition_key = COALESCE(v.column2, apps.partition_key), parent_pointer = v.column3,
        spawning_parent_pointer = v.column4 FROM (VALUES ${v}) AS v WHERE apps.id = v.column1`,
      4,
    ),
    child: rows(
      (v) => `INSERT OR IGNORE INTO app_children (app_ref, child_app_id, child_partition_key, event_type,
        sequence_id, file_ref, byte_offset) VALUES ${v}`,
      7,
    ),
    raw: rows(
      (v) => `INSERT OR IGNORE INTO raw_events (app_ref, type, sequence_id, file_ref, byte_offset, byte_len)
      VALUES ${v}`,
      6,
    ),
    quarantine: rows(
      (v) => `INSERT OR IGNORE INTO quarantine (file_ref, line_no, byte_offset, byte_len, reason, excerpt,
        imported, created_at) VALUES ${v}`,
      8,
    ),
  };
}

const CHECKPOINT_SET = `byte_offset = v.column2, line_no = v.column3, size = v.column4, mtime_ms = v.column5,
  identity = v.column6, head_hash = v.column7, head_len = v.column8, error = NULL, imported_at = v.column9`;
