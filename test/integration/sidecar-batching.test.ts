import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { openStore } from '../../src/core/store/open-store';
import { tempDir } from '../helpers/fixtures';

/**
 * Apps' graph.json and metadata.json updates wait in a batch (one UPDATE for many apps) like
 * checkpoints. An S3 app has a copy of both in each time folder it wrote to: the copy read last
 * must win, also when two copies of one app sit in the same batch (an UPDATE ... FROM with the
 * same app twice would apply either one).
 */
const graph = (entrypoint: string): string =>
  JSON.stringify({ type: 'application', entrypoint, actions: [{ type: 'action', name: entrypoint }] });
const metadata = (partitionKey: string, parent: string): string =>
  JSON.stringify({
    type: 'application_metadata',
    partition_key: partitionKey,
    parent_pointer: { app_id: parent, sequence_id: 1, partition_key: null },
    spawning_parent_pointer: null,
  });

function writeApp(root: string, timeFolder: string, app: string, version: string): void {
  const dir = path.join(root, 'proj', '2026', '11', '24', '00', timeFolder, 'tenant-0', app);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'graph.json'), graph(`entry-${version}`));
  writeFileSync(path.join(dir, 'metadata.json'), metadata(`pk-${version}`, `parent-${version}`));
}

describe('app documents written in batches', () => {
  it('the last time folder of each app wins, with every app in one batch', () => {
    const root = tempDir();
    // Ten apps, each in three time folders (walked in time order): 30 updates of each kind, under
    // one batch of 32, so the repeats of an app meet in one batch.
    for (let i = 0; i < 10; i++) {
      for (const [t, version] of [
        ['41:30.000001', 'a'],
        ['41:31.000001', 'b'],
        ['41:32.000001', 'c'],
      ] as const) {
        writeApp(root, t, `app-${i}`, `${version}${i}`);
      }
    }
    const db = openStore(path.join(tempDir(), 'batch.db'));
    try {
      const summary = importPaths(db, [root]);
      expect(summary.file_errors).toBe(0);
      expect(summary.files_read).toBe(60);
      const apps = db
        .prepare(
          `SELECT a.app_id, a.partition_key, a.parent_pointer, g.json FROM apps a
           LEFT JOIN graphs g ON g.id = a.graph_id ORDER BY a.app_id`,
        )
        .all() as { app_id: string; partition_key: string; parent_pointer: string; json: string }[];
      expect(apps.length).toBe(10);
      for (const [i, app] of apps.entries()) {
        expect(app.app_id).toBe(`app-${i}`);
        expect(JSON.parse(app.json).entrypoint).toBe(`entry-c${i}`);
        expect(app.partition_key).toBe(`pk-c${i}`);
        expect(JSON.parse(app.parent_pointer).app_id).toBe(`parent-c${i}`);
      }
    } finally {
      db.close();
    }
  });
});
