import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import type { StoreDatabase } from '../../src/core/store/open-store';
import { bigTree, storeContent } from '../helpers/big-tree';
import { tempStore } from '../helpers/fixtures';

/**
 * Cancel keeps what was imported (every committed file is complete up to its
 * checkpoint) and leaves nothing that was only planned: no file row that was
 * never opened, no app or project that no file was read for. Run again, the
 * import ends with exactly the content of one uninterrupted import.
 */
const emptyApps = (db: StoreDatabase) =>
  (
    db
      .prepare(
        'SELECT COUNT(*) AS n FROM apps a WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.app_ref = a.id)',
      )
      .get() as { n: number }
  ).n;
const neverOpened = (db: StoreDatabase) =>
  (
    db.prepare('SELECT COUNT(*) AS n FROM files WHERE identity IS NULL AND error IS NULL').get() as {
      n: number;
    }
  ).n;
const count = (db: StoreDatabase, table: 'apps' | 'projects' | 'files') =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('a cancelled import', () => {
  for (const [threads, options, checksBeforeCancel] of [
    ['one thread', { parallelThresholdBytes: Number.POSITIVE_INFINITY }, 60],
    ['two threads', { waitForReader: true }, 200],
  ] as const) {
    it(`keeps what it read and nothing it only planned (${threads}), and a re-run completes it`, () => {
      const root = bigTree();
      const clean = tempStore();
      const full = importPaths(clean.db, [root], options);

      const { db } = tempStore();
      let checks = 0;
      const stopped = importPaths(db, [root], {
        ...options,
        shouldCancel: () => ++checks > checksBeforeCancel,
      });
      expect(stopped.cancelled).toBe(true);
      expect(count(db, 'files')).toBeGreaterThan(0);
      expect(count(db, 'files')).toBeLessThan(count(clean.db, 'files'));
      expect(count(db, 'apps')).toBeLessThan(count(clean.db, 'apps'));
      expect(emptyApps(db)).toBe(0);
      expect(neverOpened(db)).toBe(0);
      expect(
        db
          .prepare(
            'SELECT COUNT(*) AS n FROM projects p WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.project_id = p.id)',
          )
          .get(),
      ).toEqual({ n: 0 });

      const resumed = importPaths(db, [root], options);
      expect(resumed.cancelled).toBe(false);
      expect(resumed.files).toBe(full.files);
      const expected = storeContent(clean.db, root);
      const actual = storeContent(db, root);
      for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
    });
  }
});
