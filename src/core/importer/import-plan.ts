import { statSync } from 'node:fs';
import path from 'node:path';
import type { DiscoveredFile } from '../burr/layout';
import type { FileRow } from '../store/import-rows';
import type { ImportWriter } from '../store/import-writer';
import type { StoreDatabase } from '../store/open-store';
import { PathKeyTaken } from '../store/path-key';
import { isSidecar } from '../store/sidecar-stamps';
import { isUnchanged } from './import-file';
import { SeenFiles } from './seen-files';

/** A file the import will read, with its database ids. */
interface PlannedBase {
  file: DiscoveredFile;
  appRef: number;
  sourceId: number | null;
  /** Bytes after its checkpoint: what reading it will cost. */
  newBytes: number;
  /** How the reader names it in its answers: a log's files row id, a negative number for a sidecar. */
  taskId: number;
}

/** A log file: its files row holds its checkpoint. */
export interface PlannedLog extends PlannedBase {
  kind: 'log';
  row: FileRow | undefined;
  fileRef: number;
}

/** An app's graph.json or metadata.json: read whole, stamped on its app (store/sidecar-stamps.ts). */
export interface PlannedSidecar extends PlannedBase {
  kind: 'sidecar';
  /** Its error when last read, if any (a notice is added only for a new one). */
  previousError: string | null;
}

export type PlannedFile = PlannedLog | PlannedSidecar;

/**
 * Decides, file by file as the walk finds them, what an import must read:
 * files unchanged since their checkpoint cost nothing more; the rest get
 * their file and app rows (inside the import's transaction) and join the plan.
 */
export class ImportPlanner {
  /** Every Burr file found, read or not. */
  filesFound = 0;
  filesUnchanged = 0;
  filesToRead = 0;
  bytesToRead = 0;
  readonly projects = new Set<string>();
  readonly touchedSources = new Set<number>();
  /** Log file rows this import added and has not finished reading yet (ImportRun.finishFile takes them out). */
  readonly unreadNewFiles = new Set<number>();
  /** device:inode → the path this import reads it by. */
  private readonly seen = new SeenFiles();
  /** Files skipped because the same physical file is read by another path. */
  readonly duplicates: { path: string; sameAs: string }[] = [];
  /** Files that cannot get a row (their path key is another path's, see store/path-key.ts). */
  readonly unplannable: { path: string; message: string }[] = [];
  private readonly sourceOf: (file: DiscoveredFile) => number | null;
  /**
   * A first import (no file row when it started): no path can be known from before, so the two
   * look-ups per file (this path? another path to the same file?) are skipped, a tenth of the
   * importing thread's statements on a tree of small apps. Paths and files seen twice in this
   * import are caught by `seen` as always. Turned off for good if another
   * process adds one of our paths meanwhile (a unique path-key conflict on insert).
   */
  private firstImport: boolean;
  /** Sidecars have no files row: the reader knows them by these ids (-1, -2, ...). */
  private sidecarTasks = 0;

  constructor(
    db: StoreDatabase,
    private readonly writer: ImportWriter,
    sourceLocations: readonly string[],
    sourceKind: 'folder' | 's3',
  ) {
    this.sourceOf = sourceResolver(db, writer, sourceLocations, sourceKind);
    this.firstImport = writer.hasNoFiles();
  }

  /** The files of `found` that need reading, in order. */
  plan(found: readonly DiscoveredFile[]): PlannedFile[] {
    const planned: PlannedFile[] = [];
    for (const file of found) {
      try {
        const p = this.firstImport ? this.planFirst(file) : this.planOne(file);
        if (p) planned.push(p);
      } catch (error) {
        if (!(error instanceof PathKeyTaken)) throw error;
        this.unplannable.push({ path: file.path, message: error.message });
        // Its app may have been added just before: no empty app is left in the library.
        this.writer.forgetEmptyAddedApps();
      }
    }
    return planned;
  }

  private planOne(file: DiscoveredFile): PlannedFile | null {
    if (isSidecar(file)) return this.planSidecar(file);
    // One look-up of the path serves both questions (known by this path? unchanged?).
    const row = this.firstImport ? undefined : this.writer.getFile(file.path);
    if (this.isSeen(file, row !== undefined)) return null;
    this.filesFound++;
    this.projects.add(file.project);
    if (isUnchanged(file, row)) {
      this.filesUnchanged++;
      return null;
    }
    const sourceId = this.sourceOf(file);
    if (sourceId !== null) this.touchedSources.add(sourceId);
    const appRef = this.writer.appRef(file);
    const fileRef = row?.id ?? this.writer.addFile(sourceId, file, appRef);
    if (!row) this.unreadNewFiles.add(fileRef);
    const newBytes = Math.max(0, file.size - (row?.byte_offset ?? 0));
    this.filesToRead++;
    this.bytesToRead += newBytes;
    return { kind: 'log', file, row, fileRef, appRef, sourceId, newBytes, taskId: fileRef };
  }

  /**
   * A sidecar is unchanged while its size, mtime and device:inode are (it is rewritten whole, never
   * appended to). Another path to the same physical file in this import is skipped, as for logs.
   * Across imports it is read again (one small file, the same content into the same app): its stamp
   * keeps no path that could be checked to still be that file.
   */
  private planSidecar(file: DiscoveredFile): PlannedSidecar | null {
    // As if known by this path: only this import's paths are compared (a stamp keeps no path).
    if (this.isSeen(file, true)) return null;
    this.filesFound++;
    this.projects.add(file.project);
    // An app this import added has no stamps yet; any other may (even in a first import: another
    // process may have imported it meanwhile).
    const appRef = this.writer.appRef(file);
    const stamp = this.writer.addedApp(appRef) ? undefined : this.writer.sidecars.get(appRef, file);
    const unchanged =
      stamp?.error === null &&
      stamp.size === file.size &&
      stamp.mtimeMs === file.mtimeMs &&
      stamp.sameIdentity === 1;
    if (unchanged) {
      this.filesUnchanged++;
      return null;
    }
    const sourceId = this.sourceOf(file);
    if (sourceId !== null) this.touchedSources.add(sourceId);
    this.filesToRead++;
    this.bytesToRead += file.size;
    const previousError = stamp?.error ?? null;
    return {
      kind: 'sidecar',
      file,
      appRef,
      sourceId,
      newBytes: file.size,
      taskId: --this.sidecarTasks,
      previousError,
    };
  }

  /** planOne without the look-ups; if another process added the path meanwhile, planOne with them. */
  private planFirst(file: DiscoveredFile): PlannedFile | null {
    try {
      return this.planOne(file);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      // Only the insert of the file row can conflict: undo what came before it, then plan it again.
      this.firstImport = false;
      this.filesFound--;
      if (file.identity) this.seen.release(file.identity, file.path);
      return this.planOne(file);
    }
  }

  /**
   * The path by which this import (or an earlier one) already reads the same physical file, or
   * undefined. Links and hard links can reach one file by many paths; reading it twice would
   * double its rows. An earlier path counts only while it still is that file.
   */
  private otherPathOf(file: DiscoveredFile, knownByThisPath: boolean): string | undefined {
    if (!file.identity) return undefined;
    const inThisImport = this.seen.claim(file.identity, file.path);
    if (inThisImport !== undefined) return inThisImport;
    if (knownByThisPath || this.firstImport) return undefined; // read it as before / nothing before
    const earlier = this.writer.pathWithIdentity(file.identity, file.path);
    if (earlier === undefined || identityOf(earlier) !== file.identity) return undefined;
    this.seen.repoint(file.identity, earlier);
    return earlier;
  }

  /**
   * Whether the file is already read by this import (or an earlier one) by a path of its own: then
   * it is not planned again, and a path other than its own is reported. Its own path means it was
   * given twice (as a root and inside a root).
   */
  private isSeen(file: DiscoveredFile, knownByThisPath: boolean): boolean {
    const sameAs = this.otherPathOf(file, knownByThisPath);
    if (sameAs === undefined) return false;
    if (sameAs !== file.path) this.duplicates.push({ path: file.path, sameAs });
    return true;
  }
}

function identityOf(file: string): string | null {
  try {
    const st = statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/** Each root the user opened is a source; a file belongs to the root that contains it. */
function sourceResolver(
  db: StoreDatabase,
  writer: ImportWriter,
  roots: readonly string[],
  kind: 'folder' | 's3',
): (file: DiscoveredFile) => number | null {
  const sources = db.transaction(() =>
    roots.map((root) => ({ prefix: path.resolve(root), id: writer.ensureSource(kind, path.resolve(root)) })),
  )();
  // Longest prefix first, so a nested root wins over its parent.
  sources.sort((a, b) => b.prefix.length - a.prefix.length);
  return (file) => {
    const hit = sources.find((s) => file.path === s.prefix || file.path.startsWith(s.prefix + path.sep));
    return hit?.id ?? null;
  };
}
