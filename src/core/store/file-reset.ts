import type { StoreDatabase } from './open-store';

/**
 * Forgets everything imported from one log file (ImportWriter.resetFile): columns that came from
 * it are cleared (a step may have its begin in one S3 object and its end in another), rows left
 * with nothing are deleted, and its checkpoint goes back to the start.
 */
export function clearFileRows(db: StoreDatabase, fileRef: number): void {
  const run = (sql: string): void => {
    db.prepare(sql).run({ f: fileRef });
  };
  run(`UPDATE steps SET begin_file = NULL, begin_offset = NULL, begin_len = NULL, start_us = NULL
    WHERE begin_file = :f`);
  run(`UPDATE steps SET end_file = NULL, end_offset = NULL, end_len = NULL, end_us = NULL, failed = 0,
    exception = NULL WHERE end_file = :f`);
  run('DELETE FROM steps WHERE begin_file IS NULL AND end_file IS NULL');
  run(`UPDATE streams SET begin_file = NULL, begin_offset = NULL, begin_len = NULL, init_us = NULL
    WHERE begin_file = :f`);
  run('UPDATE streams SET first_file = NULL, first_item_us = NULL WHERE first_file = :f');
  run(`UPDATE streams SET end_file = NULL, end_offset = NULL, end_len = NULL, end_us = NULL, items = NULL,
    generation_time_ms = NULL, consumer_time_ms = NULL, first_item_time_ms = NULL WHERE end_file = :f`);
  run('DELETE FROM streams WHERE begin_file IS NULL AND first_file IS NULL AND end_file IS NULL');
  run('DELETE FROM span_keys WHERE begin_file = :f');
  run('DELETE FROM app_children WHERE file_ref = :f');
  run('DELETE FROM raw_events WHERE file_ref = :f');
  run('DELETE FROM quarantine WHERE file_ref = :f');
  run(`UPDATE files SET byte_offset = 0, line_no = 0, head_hash = NULL, head_len = 0, attributes = 0,
    trace_lines = x'' WHERE id = :f`);
}
