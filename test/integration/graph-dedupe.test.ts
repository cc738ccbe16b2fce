import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { getAppSummary } from '../../src/core/store/library-queries';
import { MIGRATIONS } from '../../src/core/store/migrations';
import { openStore } from '../../src/core/store/open-store';
import { LOCAL, tempDir } from '../helpers/fixtures';

const graphRows = (db: Database.Database): number =>
  (db.prepare('SELECT COUNT(*) AS n FROM graphs').get() as { n: number }).n;

describe('graphs stored once', () => {
  it('the apps of one application share one graph row, and each app still shows its graph', () => {
    const db = openStore(path.join(tempDir(), 'graphs.db'));
    try {
      importPaths(db, [path.join(LOCAL, 'chatbot-models')]);
      const apps = db.prepare('SELECT id FROM apps').all() as { id: number }[];
      expect(apps.length).toBe(16);
      // The 16 chatbot-models apps were written by one application: one graph.
      expect(graphRows(db)).toBe(1);
      for (const { id } of apps) {
        const graph = JSON.parse(getAppSummary(db, id)?.graph ?? 'null') as { entrypoint: string };
        expect(graph.entrypoint).toBe('prompt');
      }
    } finally {
      db.close();
    }
  });

  it('a database made before graphs were shared upgrades: one row per distinct graph, every app keeps its own', () => {
    const file = path.join(tempDir(), 'v4.db');
    const old = new Database(file);
    for (const sql of MIGRATIONS.slice(0, 4)) old.exec(sql);
    old.pragma('user_version = 4');
    old.exec(`INSERT INTO projects (id, name) VALUES (1, 'p');
      INSERT INTO apps (project_id, app_id, partition_dir, layout, graph) VALUES
        (1, 'a', '', 'local', '{"entrypoint":"x"}'), (1, 'b', '', 'local', '{"entrypoint":"x"}'),
        (1, 'c', '', 'local', '{"entrypoint":"y"}'), (1, 'd', '', 'local', NULL);`);
    old.close();
    const db = openStore(file);
    try {
      expect(graphRows(db)).toBe(2);
      const graphs = db
        .prepare(
          'SELECT a.app_id, g.json FROM apps a LEFT JOIN graphs g ON g.id = a.graph_id ORDER BY a.app_id',
        )
        .all();
      expect(graphs).toEqual([
        { app_id: 'a', json: '{"entrypoint":"x"}' },
        { app_id: 'b', json: '{"entrypoint":"x"}' },
        { app_id: 'c', json: '{"entrypoint":"y"}' },
        { app_id: 'd', json: null },
      ]);
    } finally {
      db.close();
    }
  });
});
