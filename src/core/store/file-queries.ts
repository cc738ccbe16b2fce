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

export function recordedSource(
  db: StoreDatabase,
  sourceId: number,
): { kind: 'folder' | 's3'; location: string } | undefined {
  return db.prepare('SELECT kind, location FROM sources WHERE id = ?').get(sourceId) as
    | { kind: 'folder' | 's3'; location: string }
    | undefined;
}
