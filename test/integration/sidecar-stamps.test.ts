import { readdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { listSources } from '../../src/core/store/library-queries';
import { openStore, type StoreDatabase } from '../../src/core/store/open-store';
import { listProblems, problemsStamp } from '../../src/core/store/problem-queries';
import { removeSource } from '../../src/core/store/source-admin';
import { copyFixture, tempStore } from '../helpers/fixtures';
import { backToSchema11 } from '../helpers/schema-rollback';

/**
 * An app's graph.json and metadata.json are stamped on the app (migration 12), not kept as files
 * rows: read when their size or mtime changes, listed in Problems while in error, counted with
 * their source, gone with it.
 */
const count = (db: StoreDatabase, sql: string): number => (db.prepare(sql).get() as { n: number }).n;
const stamps = (db: StoreDatabase) =>
  db
    .prepare(
      `SELECT p.name || '/' || a.app_id AS app, s.kind, s.source_id, s.size, s.mtime_ms, s.identity_key, s.error, s.path,
        s.read_at IS NOT NULL AS was_read FROM app_sidecars s JOIN apps a ON a.id = s.app_ref
        JOIN projects p ON p.id = a.project_id ORDER BY app, s.kind`,
    )
    .all();

function firstApp(tree: string): string {
  const project = readdirSync(tree).sort()[0] as string;
  return path.join(tree, project, readdirSync(path.join(tree, project)).sort()[0] as string);
}

describe('sidecar stamps', () => {
  it('stamps every graph.json and metadata.json on its app, with no files row, and reads none again', () => {
    const tree = copyFixture('local');
    const { db } = tempStore();
    const first = importPaths(db, [tree]);
    const apps = count(db, 'SELECT COUNT(*) AS n FROM apps');
    expect(count(db, `SELECT COUNT(*) AS n FROM files WHERE kind IN ('graph', 'metadata')`)).toBe(0);
    expect(count(db, `SELECT COUNT(*) AS n FROM app_sidecars WHERE kind = 'graph'`)).toBe(apps);
    expect(count(db, `SELECT COUNT(*) AS n FROM app_sidecars WHERE kind = 'metadata'`)).toBe(apps);
    expect(
      count(db, 'SELECT COUNT(*) AS n FROM app_sidecars WHERE path IS NOT NULL OR read_at IS NULL'),
    ).toBe(0);
    // The library counts them with their source, as before.
    expect(listSources(db)[0]?.files).toBe(first.files);
    const again = importPaths(db, [tree]);
    expect(again.files_unchanged).toBe(first.files);
    expect(again.files_read).toBe(0);
  });

  it('reads a sidecar again when it changes, and keeps a bad one in Problems until it is fixed', () => {
    const tree = copyFixture('local');
    const { db } = tempStore();
    importPaths(db, [tree]);
    const app = firstApp(tree);
    const metadata = path.join(app, 'metadata.json');
    const good = JSON.stringify({ type: 'application_metadata', partition_key: 'tenant-9' });
    writeFileSync(metadata, '{"cut short');
    const bad = importPaths(db, [tree]);
    expect(bad.files_read + bad.file_errors).toBe(1);
    expect(bad.errors).toEqual([{ path: metadata, message: expect.stringContaining('not valid JSON') }]);
    const problems = listProblems(db, undefined, 50);
    expect(problems.fileErrors).toEqual([
      { path: metadata, error: expect.stringContaining('not valid JSON') },
    ]);
    expect(problems.notices.filter((n) => n.path === metadata)).toHaveLength(1);
    expect(listSources(db)[0]?.fileErrors).toBe(1);
    // Still bad at the next import: tried again, but no second notice.
    const stampBefore = problemsStamp(db);
    importPaths(db, [tree]);
    expect(listProblems(db, undefined, 50).notices.filter((n) => n.path === metadata)).toHaveLength(1);
    expect(problemsStamp(db)).toBe(stampBefore);

    writeFileSync(metadata, good);
    utimesSync(metadata, new Date(), new Date(Date.now() + 5_000));
    const fixed = importPaths(db, [tree]);
    expect(fixed.files_read).toBe(1);
    expect(listProblems(db, undefined, 50).fileErrors).toEqual([]);
    expect(problemsStamp(db)).not.toBe(stampBefore);
    const [project, appId] = app.split(path.sep).slice(-2);
    const row = db
      .prepare(
        `SELECT a.partition_key AS pk FROM apps a JOIN projects p ON p.id = a.project_id
         WHERE p.name = ? AND a.app_id = ?`,
      )
      .get(project, appId) as { pk: string };
    expect(row.pk).toBe('tenant-9');
    expect(
      count(db, 'SELECT COUNT(*) AS n FROM app_sidecars WHERE path IS NOT NULL OR error IS NOT NULL'),
    ).toBe(0);
  });

  it('reads a sidecar again when another file replaced it, even with the same size and mtime', () => {
    const tree = copyFixture('local');
    const { db } = tempStore();
    const metadata = path.join(firstApp(tree), 'metadata.json');
    writeFileSync(metadata, JSON.stringify({ type: 'application_metadata', partition_key: 'tenant-A' }));
    importPaths(db, [tree]);
    // A copy that keeps the old one's size and mtime (cp -p, rsync -t, tar x), renamed over it.
    const { mtime } = statSync(metadata);
    const replacement = `${metadata}.new`;
    writeFileSync(replacement, JSON.stringify({ type: 'application_metadata', partition_key: 'tenant-B' }));
    utimesSync(replacement, mtime, mtime);
    renameSync(replacement, metadata);
    const again = importPaths(db, [tree]);
    expect(again.files_read).toBe(1);
    const appId = path.basename(path.dirname(metadata));
    expect(db.prepare('SELECT partition_key AS pk FROM apps WHERE app_id = ?').get(appId)).toEqual({
      pk: 'tenant-B',
    });
  });

  it("shows a bad sidecar's notice under its own source only, and removes it with that source", () => {
    const tree = copyFixture('local');
    const other = copyFixture('s3-download');
    const { db } = tempStore();
    const metadata = path.join(firstApp(tree), 'metadata.json');
    writeFileSync(metadata, '');
    importPaths(db, [tree]);
    importPaths(db, [other]);
    const [mine, theirs] = listSources(db);
    const noticePaths = (sourceId: number) => listProblems(db, sourceId, 50).notices.map((n) => n.path);
    expect(noticePaths(mine?.id as number)).toContain(metadata);
    expect(noticePaths(theirs?.id as number)).not.toContain(metadata);
    // Fixed, then its source removed: the old notice goes too.
    writeFileSync(metadata, JSON.stringify({ type: 'application_metadata' }));
    importPaths(db, [tree]);
    removeSource(db, mine?.id as number);
    expect(count(db, `SELECT COUNT(*) AS n FROM notices WHERE path = '${metadata}'`)).toBe(0);
  });

  it('removing a source removes its stamps, their notices and the apps left with no file', () => {
    const tree = copyFixture('local');
    const { db } = tempStore();
    const metadata = path.join(firstApp(tree), 'metadata.json');
    writeFileSync(metadata, '');
    importPaths(db, [tree]);
    expect(count(db, `SELECT COUNT(*) AS n FROM notices WHERE path = '${metadata}'`)).toBe(1);
    const [source] = listSources(db);
    removeSource(db, source?.id as number);
    expect(count(db, 'SELECT COUNT(*) AS n FROM app_sidecars')).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM apps')).toBe(0);
    expect(count(db, `SELECT COUNT(*) AS n FROM notices WHERE path = '${metadata}'`)).toBe(0);
  });

  it('migrates schema-11 sidecar rows to stamps: same sizes, times and errors, nothing read again', () => {
    const tree = copyFixture('local');
    const metadata = path.join(firstApp(tree), 'metadata.json');
    writeFileSync(metadata, '[');
    const { db, file } = tempStore();
    const first = importPaths(db, [tree]);
    const before = stamps(db);
    const logRows = db.prepare('SELECT id, path, byte_offset FROM files ORDER BY id').all();
    db.close();
    backToSchema11(file);

    const migrated = openStore(file);
    expect(migrated.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(12);
    expect(stamps(migrated)).toEqual(before);
    expect(migrated.prepare('SELECT id, path, byte_offset FROM files ORDER BY id').all()).toEqual(logRows);
    // The bad sidecar's notice keeps its path and takes its source instead of its (gone) file row.
    expect(
      count(
        migrated,
        `SELECT COUNT(*) AS n FROM notices WHERE path = '${metadata}' AND file_ref IS NULL
         AND source_id = (SELECT id FROM sources)`,
      ),
    ).toBe(1);
    expect(migrated.pragma('foreign_key_check')).toEqual([]);
    const again = importPaths(migrated, [tree]);
    // Everything unchanged but the bad sidecar, which is tried again (as before the migration).
    expect(again.files_unchanged).toBe(first.files - 1);
    expect(again.files_read).toBe(0);
    expect(again.file_errors).toBe(1);
    migrated.close();
  });
});
