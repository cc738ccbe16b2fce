import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { openStore, type StoreDatabase } from '../../src/core/store/open-store';
import { pathKey } from '../../src/core/store/path-key';
import { copyFixture, tempStore } from '../helpers/fixtures';
import { backToSchema10 } from '../helpers/schema-rollback';

const count = (db: StoreDatabase, sql: string): number => (db.prepare(sql).get() as { n: number }).n;
const fileIndexes = (db: StoreDatabase): string[] =>
  (
    db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'files' ORDER BY name`)
      .all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('files looked up by path key', () => {
  it('keys a path the same way forever (the key is stored) and tells 200k real-shaped paths apart', () => {
    // Pinned: a change to pathKey would orphan every stored key, so it needs a migration, not an edit.
    expect(pathKey('/home/me/.burr/chatbot/app-01/log.jsonl')).toBe(
      pathKey('/home/me/.burr/chatbot/app-01/log.jsonl'),
    );
    expect(pathKey('')).toBe(5227514475777527171n);
    expect(pathKey('/home/me/.burr/chatbot/app-01/log.jsonl')).toBe(8491669057375116783n);
    const keys = new Set<bigint>();
    for (let i = 0; i < 100_000; i++) {
      const app = `/home/me/.burr/project-${i % 7}/app-${i.toString(36).padStart(6, '0')}`;
      keys.add(pathKey(`${app}/log.jsonl`));
      keys.add(pathKey(`${app}/graph.json`));
    }
    expect(keys.size).toBe(200_000);
  });

  it('migrates a schema-10 database: same ids, checkpoints and import times, no path index, nothing re-read', () => {
    const tree = copyFixture('local');
    const { db, file } = tempStore();
    const first = importPaths(db, [tree]);
    const rows = db
      .prepare('SELECT id, path, byte_offset, line_no, imported_at FROM files ORDER BY id')
      .all();
    expect(rows.every((r) => Number.isInteger((r as { imported_at: number }).imported_at))).toBe(true);
    const streams = count(db, 'SELECT COUNT(*) AS n FROM streams');
    db.close();
    backToSchema10(file);

    const migrated = openStore(file);
    expect(migrated.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(11);
    // Same rows; imported_at back from its schema-10 ISO text to the same epoch milliseconds.
    expect(
      migrated.prepare('SELECT id, path, byte_offset, line_no, imported_at FROM files ORDER BY id').all(),
    ).toEqual(rows);
    expect(fileIndexes(migrated)).toEqual(['files_app', 'files_error', 'files_identity', 'files_path_key']);
    const triggers = migrated
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'files' ORDER BY name`)
      .all();
    expect(triggers).toEqual(
      ['facts_v_files_del', 'facts_v_files_ins', 'facts_v_files_upd'].map((name) => ({ name })),
    );
    expect(migrated.pragma('foreign_key_check')).toEqual([]);
    expect(migrated.pragma('foreign_keys', { simple: true })).toBe(1);
    const again = importPaths(migrated, [tree]);
    expect(again.files_unchanged).toBe(first.files);
    expect(again.files_read).toBe(0);
    expect(count(migrated, 'SELECT COUNT(*) AS n FROM streams')).toBe(streams);
    migrated.close();
  });

  it('reports a file whose key another path holds, and imports the rest', () => {
    const tree = copyFixture('local');
    const { db } = tempStore();
    const project = readdirSync(tree)[0] as string;
    const apps = readdirSync(path.join(tree, project)).sort();
    const victim = path.join(tree, project, apps[1] as string, 'log.jsonl');
    importPaths(db, [path.join(tree, project, apps[0] as string)]);
    // Give an imported file's row the key of a file not imported yet: the one-in-billions case, forced.
    db.prepare('UPDATE files SET path_key = ? WHERE id = (SELECT MIN(id) FROM files)').run(pathKey(victim));
    const holder = (
      db.prepare('SELECT path FROM files WHERE id = (SELECT MIN(id) FROM files)').get() as {
        path: string;
      }
    ).path;
    const summary = importPaths(db, [tree]);
    expect(summary.errors).toContainEqual({
      path: victim,
      message: expect.stringContaining(`key is already taken by ${holder}`),
    });
    expect(count(db, `SELECT COUNT(*) AS n FROM notices WHERE path = '${victim}'`)).toBe(1);
    // Everything else is imported: every app but the victim's has its log row.
    const logs = count(db, `SELECT COUNT(*) AS n FROM files WHERE kind = 'log'`);
    expect(logs).toBeGreaterThan(1);
    expect(count(db, `SELECT COUNT(*) AS n FROM files WHERE path = '${victim}'`)).toBe(0);
  });

  it('in a first import too: the file is reported, its app is not left empty, the rest imports', () => {
    const tree = copyFixture('local');
    const { db } = tempStore();
    const project = readdirSync(tree)[0] as string;
    const victimApp = readdirSync(path.join(tree, project)).sort()[1] as string;
    const victim = path.join(tree, project, victimApp, 'log.jsonl');
    // Its log alone in its folder: no other file of the app gives it a row.
    for (const name of ['graph.json', 'metadata.json']) rmSync(path.join(tree, project, victimApp, name));
    // The first file row inserted takes on the victim's key: its insert then conflicts, as a true
    // collision would. (Not a TEMP trigger: an import's temp_store change drops those.)
    db.exec(`CREATE TRIGGER steal_key AFTER INSERT ON files WHEN (SELECT COUNT(*) FROM files) = 1
      BEGIN UPDATE files SET path_key = ${pathKey(victim)} WHERE id = NEW.id; END`);
    const summary = importPaths(db, [tree]);
    db.exec('DROP TRIGGER steal_key');
    expect(summary.errors.map((e) => e.path)).toContain(victim);
    expect(count(db, `SELECT COUNT(*) AS n FROM files WHERE path = '${victim}'`)).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM apps WHERE id NOT IN (SELECT app_ref FROM files)')).toBe(0);
    expect(count(db, `SELECT COUNT(*) AS n FROM files WHERE kind = 'log'`)).toBeGreaterThan(1);
  });
});
