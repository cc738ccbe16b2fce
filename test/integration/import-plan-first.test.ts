import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiscoveredFile } from '../../src/core/burr/layout';
import { TreeWalker, type WalkBatch } from '../../src/core/burr/tree-walker';
import { importPaths } from '../../src/core/importer/import-paths';
import { ImportPlanner } from '../../src/core/importer/import-plan';
import { ImportWriter } from '../../src/core/store/import-writer';
import { openStore } from '../../src/core/store/open-store';
import { isSidecar } from '../../src/core/store/sidecar-stamps';
import { copyFixture, tempStore } from '../helpers/fixtures';

function walkAll(root: string): DiscoveredFile[] {
  const walker = TreeWalker.fromRoots([root]);
  const batch: WalkBatch = { files: [], errors: [] };
  while (!walker.done) walker.step(batch);
  return batch.files;
}

/**
 * A first import (no file row when it starts) skips the per-file look-ups. If another process
 * imports some of the same files meanwhile, the insert of their file rows conflicts: those files
 * are then planned as before (found, unchanged), not an error that stops the import.
 */
describe('first import planning', () => {
  it('files another process added meanwhile are looked up, not inserted twice', () => {
    const root = copyFixture('local/chatbot-models');
    const { db, file } = tempStore();
    const writer = new ImportWriter(db);
    const planner = new ImportPlanner(db, writer, [root], 'folder');
    const files = walkAll(root);
    const apps = [...new Set(files.map((f) => path.dirname(f.path)))].sort();
    // Another connection (another process) imports two of the apps after our import started.
    const other = openStore(file);
    const otherSummary = importPaths(other, [apps[3] as string, apps[7] as string]);
    other.close();
    expect(otherSummary.files_read).toBeGreaterThan(0);
    db.exec('BEGIN');
    const planned = planner.plan(files);
    db.exec('COMMIT');
    expect(planner.filesFound).toBe(files.length);
    expect(planner.filesUnchanged).toBe(otherSummary.files_read);
    expect(planned.length).toBe(files.length - otherSummary.files_read);
    expect(planner.duplicates).toEqual([]);
    // Log files get their row when planned (sidecars get their stamp on their app when read).
    const rows = db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number };
    expect(rows.n).toBe(files.filter((f) => !isSidecar(f)).length);
  });

  it('a first import and a second one count the same files', () => {
    const root = copyFixture('local/chatbot-models');
    const { db } = tempStore();
    const first = importPaths(db, [root]);
    const second = importPaths(db, [root]);
    expect(first.files_read).toBe(first.files);
    expect(second.files_unchanged).toBe(first.files);
    expect(second.files_read).toBe(0);
  });
});
