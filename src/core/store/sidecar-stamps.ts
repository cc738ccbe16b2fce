import type { DiscoveredFile } from '../burr/layout';
import type { StoreDatabase } from './open-store';
import { pathKey } from './path-key';
import { RowBatcher } from './row-batcher';

/**
 * What the library knows of each app's graph.json and metadata.json (migration 12): its size, mtime
 * and device:inode (as a 64-bit key) when last read, its error, its S3 object metadata. Unlike log
 * files they have no files row: nothing points into them (they are read whole into the app's row),
 * so each is found by its app and its path's key, and its path is stored only while it is in error
 * (for Problems). Two paths of one app with the same 64-bit key would share a stamp: both would just
 * be read again each import.
 */
export interface SidecarStamp {
  size: number;
  mtimeMs: number;
  /** 1 when the stamp's device:inode is the file's (a file replaced by another is read again). */
  sameIdentity: number;
  error: string | null;
}

export type SidecarKind = 'graph' | 'metadata';

/** Columns a stamp is written with, in the order the statements below take them. */
const STAMP_COLUMNS = 'app_ref, path_key, kind, source_id, size, mtime_ms, identity_key';
/** A stamp written again keeps its source (a file is never moved between sources), like files rows. */
const ON_CONFLICT = `ON CONFLICT (app_ref, path_key) DO UPDATE SET source_id = COALESCE(source_id, excluded.source_id),
  size = excluded.size, mtime_ms = excluded.mtime_ms, identity_key = excluded.identity_key`;

export class SidecarStamps {
  private readonly s;
  /**
   * Stamps of sidecars read, many to a statement (RowBatcher), like checkpoints. The writer flushes
   * them with its other rows; an import reads each path once, so no stamp is read before it lands.
   */
  private readonly readRows: RowBatcher;

  constructor(db: StoreDatabase) {
    const p = (sql: string) => db.prepare(sql);
    this.readRows = new RowBatcher(
      db,
      (v) => `INSERT INTO app_sidecars (${STAMP_COLUMNS}, read_at) VALUES ${v}
        ${ON_CONFLICT}, read_at = excluded.read_at, error = NULL, path = NULL`,
      8,
    );
    this.s = {
      get: p(`SELECT size, mtime_ms AS mtimeMs, identity_key IS ? AS sameIdentity, error FROM app_sidecars
        WHERE app_ref = ? AND path_key = ?`),
      failed: p(`INSERT INTO app_sidecars (${STAMP_COLUMNS}, error, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ${ON_CONFLICT}, error = excluded.error, path = excluded.path`),
      registered:
        p(`INSERT INTO app_sidecars (app_ref, path_key, kind, source_id, s3_meta) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (app_ref, path_key) DO UPDATE SET source_id = COALESCE(source_id, excluded.source_id),
          s3_meta = excluded.s3_meta`),
    };
  }

  /** The stamp of the sidecar at `file.path`; `sameIdentity` compares it with `file.identity`. */
  get(appRef: number, file: Pick<DiscoveredFile, 'path' | 'identity'>): SidecarStamp | undefined {
    return this.s.get.get(identityKey(file), appRef, pathKey(file.path)) as SidecarStamp | undefined;
  }

  /** Read whole and applied to its app: unchanged until its size, mtime or device:inode changes. */
  saveRead(appRef: number, sourceId: number | null, file: DiscoveredFile): void {
    this.readRows.values.push(...stampValues(appRef, sourceId, file), Date.now());
    this.readRows.rowAdded();
  }

  /** Writes the stamps waiting in the batch (ImportWriter.flushRows). */
  flush(): void {
    this.readRows.flush();
  }

  /** Could not be read or applied: it is tried again at every import until it reads. */
  saveError(appRef: number, sourceId: number | null, file: DiscoveredFile, message: string): void {
    this.s.failed.run(...stampValues(appRef, sourceId, file), message, file.path);
  }

  /** A synced S3 object, before it is imported: it belongs to the bucket's source from the start. */
  register(appRef: number, sourceId: number, file: DiscoveredFile, s3Meta: string): void {
    this.s.registered.run(appRef, pathKey(file.path), kindOf(file), sourceId, s3Meta);
  }
}

export function isSidecar(file: Pick<DiscoveredFile, 'kind'>): boolean {
  return file.kind === 'graph' || file.kind === 'metadata';
}

function stampValues(appRef: number, sourceId: number | null, file: DiscoveredFile) {
  return [
    appRef,
    pathKey(file.path),
    kindOf(file),
    sourceId,
    file.size,
    file.mtimeMs,
    identityKey(file),
  ] as const;
}

/** device:inode as a 64-bit key (8 bytes, not a ~14-byte text), or null when the walk had none. */
function identityKey(file: Pick<DiscoveredFile, 'identity'>): bigint | null {
  return file.identity ? pathKey(file.identity) : null;
}

function kindOf(file: DiscoveredFile): SidecarKind {
  return file.kind === 'graph' ? 'graph' : 'metadata';
}
