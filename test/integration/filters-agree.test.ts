import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { filterOptionsOf } from '../../src/core/metrics/filter-options';
import { globToRegExp, selectStreams } from '../../src/core/metrics/select-streams';
import { loadFactsSnapshot, refreshFactsSnapshot } from '../../src/core/store/facts-snapshot';
import { filterOptions } from '../../src/core/store/library-queries';
import { allStreams } from '../../src/core/store/stream-queries';
import type { StreamFilter } from '../../src/shared/filter';
import { LOCAL, S3_DOWNLOAD, tempStore } from '../helpers/fixtures';

describe('the in-memory snapshot filter and the SQL filter select the same streams', () => {
  it('agrees on every kind of filter', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL, S3_DOWNLOAD]);
    const snapshot = loadFactsSnapshot(db);
    const sourceId = (db.prepare('SELECT id FROM sources ORDER BY id LIMIT 1').get() as { id: number }).id;
    const filters: StreamFilter[] = [
      {},
      { project: 'chatbot-models' },
      { project: 'no-such-project' },
      { app: 'fast-model-*' },
      { app: 'SLOW' },
      { app: 's3-run-0[12]' },
      { app: 'agent-0?' },
      { partitionKey: 'tenant-1' },
      { partitionKey: 'user-4', project: 'chatbot-models' },
      { action: 'respond' },
      { action: 'draft' },
      { timingSource: 'legacy' },
      { timingSource: 'hooks', failed: 'none' },
      { failed: 'only' },
      { from: '2026-11-24T00:41:00Z', to: '2026-11-24T00:41:30Z' },
      { appRefs: [1, 2, 3] },
      { sourceId },
    ];
    for (const filter of filters) {
      const sql = allStreams(db, filter)
        .map((r) => r.stream_id)
        .sort((a, b) => a - b);
      const mem = [...selectStreams(snapshot, filter).streamId].sort((a, b) => a - b);
      expect({ filter, ids: mem }).toEqual({ filter, ids: sql });
    }
  });

  it('reads globs the way SQLite GLOB does', () => {
    expect(globToRegExp('fast-*').test('fast-model')).toBe(true);
    expect(globToRegExp('fast-*').test('Fast-model')).toBe(false);
    expect(globToRegExp('run-0[12]').test('run-02')).toBe(true);
    expect(globToRegExp('run-0[^12]').test('run-02')).toBe(false);
    expect(globToRegExp('a.b?').test('a.bc')).toBe(true);
    expect(globToRegExp('a.b?').test('axbc')).toBe(false);
  });

  it('gives the filter bar the same choices from the snapshot as from SQL, before and after an incremental refresh', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL]);
    let snapshot = loadFactsSnapshot(db);
    const projects = [undefined, 'chatbot-models', 'async-agent', 'chatbot-legacy', 'no-such-project'];
    for (const project of projects)
      expect(filterOptionsOf(snapshot, project)).toEqual(filterOptions(db, project));
    // More apps after the snapshot was read: merged labels come unsorted; the answer must not.
    const summary = importPaths(db, [S3_DOWNLOAD]);
    snapshot = refreshFactsSnapshot(db, snapshot, summary.changed_apps ?? []);
    for (const project of [...projects, 'chatbot-s3'])
      expect(filterOptionsOf(snapshot, project)).toEqual(filterOptions(db, project));
    // Not a comparison of empty lists: the fixtures stream from two actions under several partition keys.
    expect(filterOptions(db).actions).toEqual(['draft', 'respond']);
    expect(filterOptions(db).partitionKeys.length).toBeGreaterThan(1);
  });
});
