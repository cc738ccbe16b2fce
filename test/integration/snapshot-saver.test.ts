import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { appsOf } from '../../src/core/metrics/app-table';
import { SnapshotSaver } from '../../src/core/runtime/snapshot-saver';
import {
  type FactsSnapshot,
  loadFactsSnapshot,
  refreshFactsSnapshot,
} from '../../src/core/store/facts-snapshot';
import { readSnapshotFile } from '../../src/core/store/facts-snapshot-file';
import { LOCAL, S3_DOWNLOAD, tempDir, tempStore } from '../helpers/fixtures';

/** A snapshot as compared: its apps by content (read back, their ids are packed, not strings). */
const content = (s: FactsSnapshot) => ({ ...s, apps: [...appsOf(s.apps)] });

describe('saving the dashboard snapshot', () => {
  it('writes only the newest of the snapshots handed to it, and reads back equal to it', async () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL]);
    const first = loadFactsSnapshot(db);
    importPaths(db, [S3_DOWNLOAD]);
    const second = refreshFactsSnapshot(db, first, []);
    expect(second.n).toBeGreaterThan(first.n);
    const file = path.join(tempDir(), 'lens.db.facts');
    const saver = new SnapshotSaver(file);
    saver.save(first, 60_000);
    saver.save(second, 60_000);
    expect(existsSync(file)).toBe(false); // waiting for a quiet moment
    await saver.flush();
    const back = readSnapshotFile(file);
    if (!back) throw new Error('the saved snapshot was not read back');
    expect(content(back)).toEqual(content(second));
    expect(content(back)).toEqual(content(loadFactsSnapshot(db)));
    expect(readdirSync(path.dirname(file))).toEqual(['lens.db.facts']); // no temporary file left
  });

  it('drops a save it cannot make, leaving nothing behind', async () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL]);
    const dir = tempDir();
    const file = path.join(dir, 'lens.db.facts');
    mkdirSync(file); // a folder where the file should go: the rename fails
    const saver = new SnapshotSaver(file);
    saver.save(loadFactsSnapshot(db), 0);
    await expect(saver.flush()).resolves.toBeUndefined();
    expect(readdirSync(dir)).toEqual(['lens.db.facts']);
    expect(readSnapshotFile(file)).toBeNull();
  });
});
