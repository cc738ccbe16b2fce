import type { StoreDatabase } from './open-store';

/** What the library recorded about an imported file and a source, for read-back and "Show in folder". */

export interface RecordedFile {
  path: string;
  identity: string | null;
  /** The import's checkpoint: every byte before it belongs to a line the import recorded. */
  imported: number;
}

export function recordedFile(db: StoreDatabase, fileRef: number): RecordedFile | undefined {
  return db.prepare('SELECT path, identity, byte_offset AS imported FROM files WHERE id = ?').get(fileRef) as
    | RecordedFile
    | undefined;
}

/** A log file of an app with span or attribute lines to read back (run-trace.ts), in import order. */
export interface TraceFile extends RecordedFile {
  id: number;
  /** Where its span and attribute lines are (trace-line-index.ts); null: unknown, scan the imported part. */
  traceLines: Uint8Array | null;
}

export function traceFiles(db: StoreDatabase, appRef: number): TraceFile[] {
  return db
    .prepare(
      `SELECT id, path, identity, byte_offset AS imported, trace_lines AS traceLines FROM files
       WHERE app_ref = ? AND byte_offset > 0
         AND (trace_lines IS NULL OR length(trace_lines) > 0)
       ORDER BY id`,
    )
    .all(appRef) as TraceFile[];
}

export function recordedSource(
  db: StoreDatabase,
  sourceId: number,
): { kind: 'folder' | 's3'; location: string } | undefined {
  return db.prepare('SELECT kind, location FROM sources WHERE id = ?').get(sourceId) as
    | { kind: 'folder' | 's3'; location: string }
    | undefined;
}
