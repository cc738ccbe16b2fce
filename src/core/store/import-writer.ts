import type { NoticeLevel } from '../../shared/schemas/problems';
import type { AppIdentity, DiscoveredFile } from '../burr/layout';
import { S3_NONE_PARTITION } from '../burr/layout';
import { ensureSourceRow, type NoticeArgs, writeNotice } from './admin-writes';
import { clearFileRows } from './file-reset';
import type { FileCheckpoint, FileRow, LineRef } from './import-rows';
import { prepareRowBatchers, prepareStatements } from './import-statements';
import type { StoreDatabase } from './open-store';
import { PathKeyTaken, pathKey } from './path-key';
import { SidecarStamps } from './sidecar-stamps';
import { refreshStreamFacts } from './stream-facts';
import { TraceLineTracker } from './trace-line-tracker';

const now = (): string => new Date().toISOString();
const appKey = (identity: AppIdentity): string =>
  `${identity.project}\0${identity.partitionDir}\0${identity.appId}`;

/** A new files row's columns, in the order fileInsert and fileAdd take them. */
const fileColumns = (sourceId: number | null, file: DiscoveredFile, appRef: number) =>
  [sourceId, file.path, pathKey(file.path), file.kind, appRef, file.timeFolder] as const;

/**
 * Every write the importer makes, as prepared statements. The importer decides
 * *when* to commit (rows and checkpoint in one transaction); this decides *how*
 * rows land. Step and stream rows are assembled from several lines, which may
 * sit in different files (S3), so they are upserts that set only their own columns.
 */
export class ImportWriter {
  private readonly appCache = new Map<string, number>();
  private readonly projectIds = new Map<string, number>();
  /** Graphs are stored once each (the apps of one application share theirs): json -> graphs.id. */
  private readonly graphIds = new Map<string, number>();
  /** Apps and projects this writer created: a cancelled import removes those it never read a file of. */
  private readonly appsAdded = new Set<number>();
  private readonly projectsAdded = new Set<number>();
  /** Apps whose steps or streams changed since the last flush: their stream_facts are re-derived. */
  private readonly touched = new Set<number>();
  /** Every app whose rows this writer changed (not cleared by flushes): views refresh just those. */
  readonly changedApps = new Set<number>();
  private readonly s: ReturnType<typeof prepareStatements>;
  /** Spans and attributes: what each file's next checkpoint adds (they are read back, not copied). */
  private readonly trace = new TraceLineTracker();
  /** Files whose checkpoint may still wait in its batcher (or was written since: a spare flush, no harm). */
  private readonly checkpointsBatched = new Set<number>();
  /** The same for apps' graph and metadata updates (an S3 app can have one per time folder). */
  private readonly graphsBatched = new Set<number>();
  private readonly metadataBatched = new Set<number>();

  private readonly rows: ReturnType<typeof prepareRowBatchers>;
  /** Apps' graph.json and metadata.json: stamped per app, not files rows (migration 12). */
  readonly sidecars: SidecarStamps;

  constructor(private readonly db: StoreDatabase) {
    this.s = prepareStatements(db);
    this.rows = prepareRowBatchers(db);
    this.sidecars = new SidecarStamps(db);
  }

  /**
   * Writes the line rows waiting in the batchers (see RowBatcher). The import runs it before every
   * savepoint and commit; the writer before anything that reads those tables.
   */
  flushRows(): void {
    for (const batcher of Object.values(this.rows)) batcher.flush();
    this.sidecars.flush();
    this.checkpointsBatched.clear();
    this.graphsBatched.clear();
    this.metadataBatched.clear();
  }

  ensureSource(kind: 'folder' | 's3', location: string, config?: unknown): number {
    return ensureSourceRow(this.db, kind, location, config);
  }

  markSourceImported(sourceId: number): void {
    this.s.sourceTouched.run(now(), sourceId);
  }

  appRef(identity: AppIdentity): number {
    const key = appKey(identity);
    const cached = this.appCache.get(key);
    if (cached !== undefined) return cached;
    const projectId = this.projectRef(identity.project);
    const pathPartition =
      identity.layout === 's3' && identity.partitionDir !== S3_NONE_PARTITION ? identity.partitionDir : null;
    // A plain insert, then the look-up: measured faster than one INSERT ... RETURNING id (3.0 against
    // 3.4 us an app), which SQLite runs through a temporary table. A new app's id is the insert's
    // rowid (its trigger only updates): the look-up is needed only for an app the library had.
    const added = this.s.appInsert.run(
      projectId,
      identity.appId,
      identity.partitionDir,
      identity.layout,
      pathPartition,
    );
    const id =
      added.changes > 0
        ? Number(added.lastInsertRowid)
        : (this.s.appId.get(projectId, identity.partitionDir, identity.appId) as { id: number }).id;
    if (added.changes > 0) this.appsAdded.add(id);
    this.appCache.set(key, id);
    return id;
  }

  /** Whether this writer added the app (it has nothing from an earlier import). */
  addedApp(appRef: number): boolean {
    return this.appsAdded.has(appRef);
  }

  private projectRef(name: string): number {
    const cached = this.projectIds.get(name);
    if (cached !== undefined) return cached;
    const projectAdded = this.s.projectInsert.run(name).changes > 0;
    const projectId = (this.s.projectId.get(name) as { id: number }).id;
    if (projectAdded) this.projectsAdded.add(projectId);
    this.projectIds.set(name, projectId);
    return projectId;
  }

  /** The file's row, if any; throws PathKeyTaken when its key belongs to another path. */
  getFile(filePath: string): FileRow | undefined {
    const row = this.s.fileGet.get(pathKey(filePath)) as (FileRow & { path: string }) | undefined;
    if (row !== undefined && row.path !== filePath) throw new PathKeyTaken(filePath, row.path);
    return row;
  }

  /** Another path already in the library for the same device:inode, if any. */
  pathWithIdentity(identity: string, exceptPath: string): string | undefined {
    return (this.s.fileByIdentity.get(identity, exceptPath) as { path: string } | undefined)?.path;
  }

  /** The file's row id, the row added if new; throws PathKeyTaken when its key belongs to another path. */
  ensureFile(sourceId: number | null, file: DiscoveredFile, appRef: number): number {
    const row = this.s.fileInsert.get(...fileColumns(sourceId, file, appRef)) as { id: number } | undefined;
    if (row !== undefined) return row.id;
    // No row back: the key is another path's (the upsert's WHERE left that row alone).
    const taken = this.s.fileGet.get(pathKey(file.path)) as { path: string };
    throw new PathKeyTaken(file.path, taken.path);
  }

  /** Whether the library has no file at all, log or sidecar (a first import). */
  hasNoFiles(): boolean {
    return this.s.anyFile.get() === undefined;
  }

  /** A file the store has never seen (the importer just looked it up): a plain insert, cheaper than the upsert. */
  addFile(sourceId: number | null, file: DiscoveredFile, appRef: number): number {
    return Number(this.s.fileAdd.run(...fileColumns(sourceId, file, appRef)).lastInsertRowid);
  }

  /**
   * After a cancelled import: the rows of files it planned (added) but never opened go, and so do
   * the apps and projects only those files brought in, so the library shows no empty runs. The
   * next import finds those files new again.
   */
  forgetUnreadFiles(fileRefs: Iterable<number>): void {
    this.flushRows();
    for (const fileRef of fileRefs) this.s.fileForget.run(fileRef);
    this.forgetEmptyAddedApps();
  }

  /** The apps and projects this writer added that have no file (left): they go. */
  forgetEmptyAddedApps(): void {
    this.flushRows(); // a sidecar stamp still batched keeps its app
    for (const appRef of this.appsAdded) {
      if (this.s.appForget.run(appRef).changes > 0) this.appCache.clear();
    }
    for (const projectId of this.projectsAdded) {
      if (this.s.projectForget.run(projectId).changes > 0) this.projectIds.clear();
    }
  }

  /** The file's rows since its last checkpoint were rolled back: so is what it would have added. */
  discardPending(fileRef: number): void {
    this.trace.discard(fileRef);
  }

  saveCheckpoint(fileRef: number, cp: FileCheckpoint): void {
    // Batched like line rows (RowBatcher): written before the next savepoint or commit, so always in
    // the transaction of the file's rows. One file twice in a batch would apply one of its two.
    if (this.checkpointsBatched.has(fileRef)) this.flushRows();
    this.checkpointsBatched.add(fileRef);
    const added = this.trace.take(fileRef);
    const r = added ? this.rows.checkpointTrace : this.rows.checkpoint;
    r.values.push(
      fileRef,
      cp.byteOffset,
      cp.lineNo,
      cp.size,
      cp.mtimeMs,
      cp.identity,
      cp.headHash,
      cp.headLen,
    );
    r.values.push(Date.now()); // imported_at: epoch ms (migration 11)
    if (added) r.values.push(added.attributes, added.traceLines);
    r.rowAdded();
  }

  /** Mid-file checkpoint, committed with the rows of one batch. */
  saveProgress(fileRef: number, byteOffset: number, lineNo: number): void {
    const added = this.trace.take(fileRef);
    if (added) this.s.fileProgressTrace.run(added.attributes, added.traceLines, byteOffset, lineNo, fileRef);
    else this.s.fileProgress.run(byteOffset, lineNo, fileRef);
  }

  /** Records a file-level error; a notice is added only when the error is new, so retries do not pile up. */
  setFileError(
    fileRef: number,
    filePath: string,
    previous: string | null,
    message: string,
    file: DiscoveredFile,
  ): void {
    this.s.fileError.run(message, file.size, file.mtimeMs, file.identity, fileRef);
    if (previous !== message) this.notice(fileRef, filePath, 'error', message);
  }

  /** writeNotice's, on this writer's database. */
  notice(...args: NoticeArgs): void {
    writeNotice(this.db, ...args);
  }

  /** A notice about a path, unless the same one is already there (a walk finds it at every import). */
  noticeOnce(filePath: string, level: NoticeLevel, message: string): void {
    if (!this.s.noticeExists.get(filePath, message)) this.notice(null, filePath, level, message);
  }

  /**
   * Forgets what was imported from a file that was truncated or replaced, so it
   * can be read again from the start. Columns that came from the file are
   * cleared (a step may have its begin in one S3 object and its end in another);
   * rows left with nothing are deleted.
   */
  resetFile(fileRef: number): void {
    this.flushRows();
    const app = this.db.prepare('SELECT app_ref FROM files WHERE id = ?').get(fileRef) as
      | { app_ref: number | null }
      | undefined;
    if (app?.app_ref != null) this.touched.add(app.app_ref);
    clearFileRows(this.db, fileRef);
    this.discardPending(fileRef);
  }

  /** Re-derives stream_facts for every app touched since the last flush; call before each commit. */
  flushFacts(): void {
    this.flushRows();
    refreshStreamFacts(this.db, this.touched);
    for (const app of this.touched) this.changedApps.add(app);
    this.touched.clear();
  }

  setAppMetadata(
    appRef: number,
    partitionKey: string | null,
    parent: unknown,
    spawningParent: unknown,
  ): void {
    this.touched.add(appRef);
    // Batched like checkpoints: one app twice in a batch would apply one of its two.
    if (this.metadataBatched.has(appRef)) this.flushRows();
    this.metadataBatched.add(appRef);
    this.rows.appMetadata.values.push(appRef, partitionKey, jsonOrNull(parent), jsonOrNull(spawningParent));
    this.rows.appMetadata.rowAdded();
  }

  setAppGraph(appRef: number, graphJson: string): void {
    let graphId = this.graphIds.get(graphJson);
    if (graphId === undefined) {
      this.s.graphInsert.run(graphJson);
      graphId = (this.s.graphId.get(graphJson) as { id: number }).id;
      this.graphIds.set(graphJson, graphId);
    }
    if (this.graphsBatched.has(appRef)) this.flushRows();
    this.graphsBatched.add(appRef);
    this.rows.appGraph.values.push(appRef, graphId);
    this.rows.appGraph.rowAdded();
  }

  stepBegin(appRef: number, seq: number, action: string, startUs: number, ref: LineRef): void {
    this.touched.add(appRef);
    this.rows.stepBegin.values.push(appRef, seq, action, startUs, ref.file, ref.offset, ref.len);
    this.rows.stepBegin.rowAdded();
  }

  stepEnd(
    appRef: number,
    seq: number,
    action: string,
    endUs: number,
    exception: string | null,
    ref: LineRef,
  ): void {
    this.touched.add(appRef);
    const r = this.rows.stepEnd;
    r.values.push(appRef, seq, action, endUs, exception ? 1 : 0, exception, ref.file, ref.offset, ref.len);
    r.rowAdded();
  }

  streamBegin(appRef: number, seq: number, spanKey: string, initUs: number, ref: LineRef): void {
    this.touched.add(appRef);
    this.rows.streamBegin.values.push(appRef, seq, spanKey, initUs, ref.file, ref.offset, ref.len);
    this.rows.streamBegin.rowAdded();
  }

  streamFirstItem(appRef: number, seq: number, spanKey: string, firstItemUs: number, fileRef: number): void {
    this.touched.add(appRef);
    this.rows.streamFirst.values.push(appRef, seq, spanKey, firstItemUs, fileRef);
    this.rows.streamFirst.rowAdded();
  }

  streamEnd(
    appRef: number,
    seq: number,
    spanKey: string,
    end: {
      endUs: number;
      items: number;
      generationMs: number | null;
      consumerMs: number | null;
      firstItemMs: number | null;
    },
    ref: LineRef,
  ): void {
    this.touched.add(appRef);
    const r = this.rows.streamEnd;
    r.values.push(
      appRef,
      seq,
      spanKey,
      end.endUs,
      end.items,
      end.generationMs,
      end.consumerMs,
      end.firstItemMs,
      ref.file,
      ref.offset,
      ref.len,
    );
    r.rowAdded();
  }

  /**
   * A begin_span line: its key row (what the span count reads) and its place in the file's trace
   * index. Name, parent and times are read back from the line by the run view.
   */
  spanBegin(appRef: number, seq: number, spanId: string, ref: LineRef): void {
    this.rows.spanKeyBegin.values.push(appRef, seq, spanId, ref.file);
    this.rows.spanKeyBegin.rowAdded();
    this.trace.spanBegin(appRef, seq, spanId, ref);
  }

  /** An end_span line: a key row only when no begin_span of this file made one (a span is one row). */
  spanEnd(appRef: number, seq: number, spanId: string, ref: LineRef): void {
    if (this.trace.spanEnd(appRef, seq, spanId, ref)) {
      this.rows.spanKeyEnd.values.push(appRef, seq, spanId);
      this.rows.spanKeyEnd.rowAdded();
    }
  }

  /** An attribute line: counted, and found again through the file's trace index. */
  attribute(ref: LineRef): void {
    this.trace.attribute(ref);
  }

  child(
    appRef: number,
    childAppId: string,
    childPartitionKey: string | null,
    eventType: string,
    seq: number | null,
    ref: LineRef,
  ): void {
    this.rows.child.values.push(appRef, childAppId, childPartitionKey, eventType, seq, ref.file, ref.offset);
    this.rows.child.rowAdded();
  }

  rawEvent(appRef: number, type: string | null, seq: number | null, ref: LineRef): void {
    this.rows.raw.values.push(appRef, type, seq, ref.file, ref.offset, ref.len);
    this.rows.raw.rowAdded();
  }

  quarantine(ref: LineRef, lineNo: number, reason: string, excerpt: string, imported: boolean): void {
    const r = this.rows.quarantine;
    r.values.push(ref.file, lineNo, ref.offset, ref.len, reason, excerpt, imported ? 1 : 0, now());
    r.rowAdded();
  }
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
