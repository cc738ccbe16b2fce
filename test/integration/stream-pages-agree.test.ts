import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { selectStreams } from '../../src/core/metrics/select-streams';
import { loadFactsSnapshot, streamCountsByProject } from '../../src/core/store/facts-snapshot';
import { argsortNumbers, pageOfSnapshot, sortedTtftOfRows } from '../../src/core/store/facts-snapshot-sort';
import { listProjects } from '../../src/core/store/library-queries';
import { sortedTtftOf } from '../../src/core/store/rank-queries';
import { queryStreams, type StreamSortKey } from '../../src/core/store/stream-queries';
import { STREAM_SORT_KEYS } from '../../src/shared/contract';
import { LOCAL, S3_DOWNLOAD, tempStore } from '../helpers/fixtures';

// Every sort key but the text ones (those SQL answers).
const TEXT_KEYS = new Set<StreamSortKey>(['app_id', 'action', 'project', 'partition_key']);
const NUMERIC_KEYS = STREAM_SORT_KEYS.filter((key) => !TEXT_KEYS.has(key));

describe('a stream table page picked from the snapshot', () => {
  it('is the SQL page: same ids in the same order (nulls last, ties by stream id), same total and ranks', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL, S3_DOWNLOAD]);
    const snapshot = loadFactsSnapshot(db);
    const filters = [
      {},
      { project: 'chatbot-models' },
      { failed: 'none' as const },
      { app: '*run-0*' },
      { timingSource: 'legacy' as const },
    ];
    let compared = 0;
    for (const filter of filters) {
      const selection = selectStreams(snapshot, filter);
      for (const by of NUMERIC_KEYS)
        for (const dir of ['asc', 'desc'] as const)
          for (const [offset, limit] of [
            [0, 500],
            [3, 7],
            [40, 25],
          ] as const) {
            const sql = queryStreams(db, filter, { by, dir }, offset, limit);
            expect(pageOfSnapshot(selection, { by, dir }, offset, limit), `${by} ${dir} ${offset}`).toEqual(
              sql.rows.map((r) => r.stream_id),
            );
            expect(selection.n).toBe(sql.total);
            compared += sql.rows.length;
          }
      expect(sortedTtftOfRows(selection)).toEqual(sortedTtftOf(db, filter));
    }
    expect(compared).toBeGreaterThan(1000);
    // Text keys are left to SQL.
    expect(pageOfSnapshot(snapshot, { by: 'app_id', dir: 'asc' }, 0, 10)).toBeNull();
  });

  it('argsorts negatives, zeros of both signs, ties and NaN as SQL orders numbers and nulls', () => {
    const values = Float64Array.from([
      3,
      Number.NaN,
      -1.5,
      0,
      -0,
      2 ** 60,
      -(2 ** 60),
      3,
      Number.NaN,
      1e-300,
      -1e-300,
    ]);
    const { order, finite } = argsortNumbers(values);
    expect(finite).toBe(9);
    expect([...order]).toEqual([6, 2, 10, 3, 4, 9, 0, 7, 5, 1, 8]);
    const random = Float64Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 1013) / 7 - 50);
    const sorted = [...argsortNumbers(random).order].map((i) => random[i]);
    expect(sorted).toEqual([...random].sort((a, b) => a - b));
  });

  it('library:projects counts: the snapshot and the grouped SQL give what the per-project subqueries gave', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL, S3_DOWNLOAD]);
    const counts = streamCountsByProject(loadFactsSnapshot(db));
    // The query as it was (correlated subqueries per project): the reference.
    const reference = (sourceId?: number) =>
      db
        .prepare(
          `SELECT p.name, COUNT(DISTINCT a.id) AS apps,
            (SELECT COUNT(*) FROM stream_facts f WHERE f.project_id = p.id) AS streams,
            (SELECT COUNT(*) FROM stream_facts f WHERE f.project_id = p.id AND f.failed = 1) AS failedStreams,
            (SELECT MAX(f.mtime_ms) FROM files f JOIN apps a3 ON a3.id = f.app_ref WHERE a3.project_id = p.id) AS lastWrittenMs
           FROM projects p JOIN apps a ON a.project_id = p.id
           ${sourceId === undefined ? '' : 'WHERE a.id IN (SELECT app_ref FROM files WHERE source_id = :sourceId)'}
           GROUP BY p.id ORDER BY p.name`,
        )
        .all(sourceId === undefined ? {} : { sourceId });
    const sources = db.prepare('SELECT id FROM sources').pluck().all() as number[];
    expect(sources).toHaveLength(2);
    for (const sourceId of [undefined, ...sources]) {
      expect(listProjects(db, sourceId)).toEqual(reference(sourceId));
      expect(listProjects(db, sourceId, counts)).toEqual(reference(sourceId));
    }
    expect(listProjects(db).map((p) => [p.name, p.streams, p.failedStreams])).toContainEqual([
      'chatbot-models',
      44,
      2,
    ]);
  });
});
