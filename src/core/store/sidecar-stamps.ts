import type { DiscoveredFile } from '../burr/layout';
import type { StoreDatabase } from './open-store';
import { pathKey } from './path-key';
import { RowBatcher } from './row-batcher';

/**
 * What the library knows of each app's graph.json and metadata.json (migration 12): its size and
 * mtime when last read, its error, its S3 object metadata. Unlike log files they have no files row:
 * nothing points into them (they are read whole into the app's row), so each is found by its app
 * and its path's key, and its path is stored only while it is in error (for Problems). Two paths of
 * one app with the same 64-bit key would share a stamp: both would just be read again each import.
 */
export interface SidecarStamp {
  size: number;
  mtimeMs: number;
  error: string | null;
}

export type SidecarKind = 'graph' | 'metadata';

export class SidecarStamps {
  private readonly s;
  /**
   * Stamps of sidecars read, many to a statement (RowBatcher): one statement each was 7 us a
   * sidecar, a twentieth of the importing thread on a tree of small apps. The writer flushes them
   * with its other rows; an import reads each path once, so no stamp is read before it lands.
   */
  private readonly readRows: RowBatcher;

  constructor(db: StoreDatabase) {
    const p = (sql: string) => db.prepare(sql);
    // A stamp written again keeps its source (a file is never moved between sources), like files rows.
    this.readRows = new RowBatcher(
      db,
      (
        v,
      ) => `INSERT INTO app_sidecars (app_ref, path_key, kind, source_id, size, mtime_ms, read_at) VALUES ${v}
        ON CONFLICT (app_ref, path_key) DO UPDATE SET source_id = COALESCE(source_id, excluded.source_id),
          size = excluded.size, mtime_ms = excluded.mtime_ms, read_at = excluded.read_at, error = NULL, path = NULL`,
      7,
    );
    this.s = {
      get: p(`SELECT size, mtime_ms AS mtimeMs, error FROM app_sidecars WHERE app_ref = ? AND path_key = ?`),
      failed: p(`INSERT INTO app_sidecars (app_ref, path_key, kind, source_id, size, mtime_ms, error, path)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (app_ref, path_key) DO UPDATE SET source_id = COALESCE(source_id, excluded.source_id),
          size = excluded.size, mtime_ms = excluded.mtime_ms, error = excluded.error, path = excluded.path`),
      registered:
        p(`INSERT INTO app_sidecars (app_ref, path_key, kind, source_id, s3_meta) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (app_ref, path_key) DO UPDATE SET source_id = COALESCE(source_id, excluded.source_id),
          s3_meta = excluded.s3_meta`),
    };
  }

  get(appRef: number, sidecarPath: string): SidecarStamp | undefined {
    return this.s.get.get(appRef, pathKey(sidecarPath)) as SidecarStamp | undefined;
  }

  /** Read whole and applied to its app: unchanged until its size or mtime changes. */
  saveRead(appRef: number, sourceId: number | null, file: DiscoveredFile): void {
    this.readRows.values.push(
      appRef,
      pathKey(file.path),
      kindOf(file),
      sourceId,
      file.size,
      file.mtimeMs,
      Date.now(),
    );
    this.readRows.rowAdded();
  }

  /** Writes the stamps waiting in the batch (ImportWriter.flushRows). */
  flush(): void {
    this.readRows.flush();
  }

  /** Could not be read or applied: read again at the next import (unless it is unchanged and still bad). */
  saveError(appRef: number, sourceId: number | null, file: DiscoveredFile, message: string): void {
    this.s.failed.run(
      appRef,
      pathKey(file.path),
      kindOf(file),
      sourceId,
      file.size,
      file.mtimeMs,
      message,
      file.path,
    );
  }

  /** A synced S3 object, before it is imported: it belongs to the bucket's source from the start. */
  register(appRef: number, sourceId: number, file: DiscoveredFile, s3Meta: string): void {
    this.s.registered.run(appRef, pathKey(file.path), kindOf(file), sourceId, s3Meta);
  }
}

export function isSidecar(file: Pick<DiscoveredFile, 'kind'>): boolean {
  return file.kind === 'graph' || file.kind === 'metadata';
}

function kindOf(file: DiscoveredFile): SidecarKind {
  return file.kind === 'graph' ? 'graph' : 'metadata';
}
