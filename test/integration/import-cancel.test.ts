import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import type { StoreDatabase } from '../../src/core/store/open-store';
import { bigTree, storeContent } from '../helpers/big-tree';
import { LOCAL, tempDir, tempStore } from '../helpers/fixtures';

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
        'SELECT COUNT(*) AS n FROM apps a WHERE NOT EXISTS (SELECT 1 FROM all_files f WHERE f.app_ref = a.id)',
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

/** What a cancel must never leave behind. */
function expectNothingOnlyPlanned(db: StoreDatabase): void {
  expect(emptyApps(db)).toBe(0);
  expect(neverOpened(db)).toBe(0);
  expect(
    db
      .prepare(
        'SELECT COUNT(*) AS n FROM projects p WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.project_id = p.id)',
      )
      .get(),
  ).toEqual({ n: 0 });
}

function expectSameContent(db: StoreDatabase, clean: StoreDatabase, root: string): void {
  const expected = storeContent(clean, root);
  const actual = storeContent(db, root);
  for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
}

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
      expectNothingOnlyPlanned(db);

      const resumed = importPaths(db, [root], options);
      expect(resumed.cancelled).toBe(false);
      expect(resumed.files).toBe(full.files);
      expectSameContent(db, clean.db, root);
    });
  }

  it('keeps every app of an earlier import when it stops early over a bigger tree', () => {
    const root = bigTree();
    const clean = tempStore();
    importPaths(clean.db, [root]);
    const { db } = tempStore();
    importPaths(db, [path.join(root, 'local-0')]);
    const before = count(db, 'apps');
    let checks = 0;
    const stopped = importPaths(db, [root], { waitForReader: true, shouldCancel: () => ++checks > 40 });
    expect(stopped.cancelled).toBe(true);
    expect(count(db, 'apps')).toBeGreaterThanOrEqual(before);
    expect(count(db, 'apps')).toBeLessThan(count(clean.db, 'apps'));
    expectNothingOnlyPlanned(db);
    importPaths(db, [root]);
    expectSameContent(db, clean.db, root);
  });

  it('stopped in the middle of a big log, keeps its rows up to a checkpoint; a re-run finishes the file', () => {
    const root = tempDir();
    const appDir = path.join(root, 'chatbot-legacy', 'legacy-02');
    cpSync(path.join(LOCAL, 'chatbot-legacy', 'legacy-02'), appDir, { recursive: true });
    const log = path.join(appDir, 'log.jsonl');
    // ~10 MB: several read chunks. Repeated lines upsert the same steps and add attributes: valid input.
    writeFileSync(log, readFileSync(log, 'utf8').repeat(600));
    const clean = tempStore();
    importPaths(clean.db, [root], { batchLines: 500 });

    const { db } = tempStore();
    let checks = 0;
    // Checked before each file (metadata and graph come first), then after each chunk of the log.
    const stopped = importPaths(db, [root], { batchLines: 500, shouldCancel: () => ++checks > 4 });
    expect(stopped.cancelled).toBe(true);
    const row = db.prepare('SELECT byte_offset, size, identity FROM files WHERE path = ?').get(log) as {
      byte_offset: number;
      size: number;
      identity: string | null;
    };
    expect(row.byte_offset).toBeGreaterThan(0);
    expect(row.byte_offset).toBeLessThan(statSync(log).size);
    expect(row.size).toBe(0); // not "unchanged" to the next run
    expect(row.identity).not.toBeNull();
    expectNothingOnlyPlanned(db);

    const resumed = importPaths(db, [root], { batchLines: 500 });
    expect(resumed.cancelled).toBe(false);
    expectSameContent(db, clean.db, root);
  });
});
