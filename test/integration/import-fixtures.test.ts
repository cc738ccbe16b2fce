import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { countsByProject } from '../../src/core/store/project-counts';
import { allStreams } from '../../src/core/store/stream-queries';
import { FIXTURE_COUNTS, LOCAL, S3_DOWNLOAD, tempStore } from '../helpers/fixtures';

const EXPECTED = FIXTURE_COUNTS;

describe('importing the real Burr fixtures', () => {
  it('imports the local trees and the S3 download with exact counts per project', () => {
    const { db } = tempStore();
    const summary = importPaths(db, [LOCAL, S3_DOWNLOAD]);
    expect(summary.projects).toEqual(EXPECTED);
    expect(summary.quarantined).toBe(0);
    expect(summary.file_errors).toBe(0);
    const totals = Object.values(summary.projects).reduce(
      (t, c) => ({
        streams: t.streams + c.streams,
        timed: t.timed + c.timed_streams,
        steps: t.steps + c.steps,
      }),
      { streams: 0, timed: 0, steps: 0 },
    );
    expect(totals).toEqual({ streams: 80, timed: 56, steps: 228 });
  });

  it('finds the same apps whatever level of the tree is opened', () => {
    const cases: [string[], Record<string, number>][] = [
      [[path.join(LOCAL, 'chatbot-models')], { 'chatbot-models': 16 }],
      [[path.join(LOCAL, 'chatbot-models', 'fast-model-run-03-9b453d')], { 'chatbot-models': 1 }],
      [[path.join(S3_DOWNLOAD, 'data')], { 'chatbot-s3': 4 }],
      [[path.join(S3_DOWNLOAD, 'data', 'chatbot-s3')], { 'chatbot-s3': 4 }],
      [
        [path.join(LOCAL, 'async-agent'), path.join(LOCAL, 'chatbot-legacy')],
        { 'async-agent': 4, 'chatbot-legacy': 4 },
      ],
    ];
    for (const [roots, apps] of cases) {
      const { db } = tempStore();
      importPaths(db, roots);
      const counts = countsByProject(db);
      expect(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.apps]))).toEqual(apps);
    }
  });

  it('derives every number of a timed stream from its end_stream fields (BURR-FORMAT §3)', () => {
    const { db } = tempStore();
    importPaths(db, [path.join(LOCAL, 'chatbot-models')]);
    const s = allStreams(db, { app: 'fast-model-run-03-9b453d' }).find((r) => r.sequence_id === 2);
    // end_stream: items_streamed 35, generation 348.944287, consumer 261.844128, first item 151.378586;
    // begin_stream 00:40:47.618370Z, first_item_stream 00:40:47.769880Z, end 00:40:48.229578Z.
    expect(s).toMatchObject({ timing_source: 'hooks', items: 35, action: 'respond', failed: false });
    expect(s?.ttft_ms).toBe(151.378586);
    expect(s?.generation_ms).toBe(348.944287);
    expect(s?.consumer_ms).toBe(261.844128);
    expect(s?.gen_share).toBeCloseTo(348.944287 / (348.944287 + 261.844128), 12);
    expect(s?.stream_ms).toBeCloseTo(611.208, 9);
    expect(s?.legacy_ms_per_item).toBeCloseTo(459.698 / 35, 9);
    expect(s?.inter_item_ms).toBeCloseTo((348.944287 - 151.378586) / 34, 9);
    expect(s?.items_per_s).toBeCloseTo(35 / 0.348944287, 9);
    expect(s?.stream_start).toBe('2026-11-24T00:40:47.618370Z');
  });

  it('falls back to timestamps for a legacy stream without timing fields', () => {
    const { db } = tempStore();
    importPaths(db, [path.join(LOCAL, 'chatbot-legacy')]);
    const s = allStreams(db, { app: 'legacy-00' }).find((r) => r.sequence_id === 2);
    // begin 00:41:16.179701Z, first item 00:41:16.342216Z, end 00:41:16.865796Z, 38 items.
    expect(s).toMatchObject({
      timing_source: 'legacy',
      items: 38,
      generation_ms: null,
      consumer_ms: null,
      gen_share: null,
    });
    expect(s?.ttft_ms).toBeCloseTo(162.515, 9);
    expect(s?.stream_ms).toBeCloseTo(686.095, 9);
    expect(s?.legacy_ms_per_item).toBeCloseTo(523.58 / 38, 9);
    expect(s?.inter_item_ms).toBeCloseTo(523.58 / 37, 9);
    expect(s?.items_per_s).toBeCloseTo(38 / 0.686095, 9);
  });

  it('marks the two streams whose step raised as failed, keeping their timing', () => {
    const { db } = tempStore();
    importPaths(db, [path.join(LOCAL, 'chatbot-models')]);
    const failed = allStreams(db, { failed: 'only' });
    expect(failed.map((f) => f.app_id).sort()).toEqual([
      'fast-model-run-03-9b453d',
      'slow-model-run-03-123e9b',
    ]);
    expect(failed.every((f) => f.timing_source === 'hooks' && f.generation_ms !== null)).toBe(true);
    const exception = db.prepare('SELECT exception FROM steps WHERE failed = 1 LIMIT 1').get() as {
      exception: string;
    };
    expect(exception.exception).toMatch(/^Traceback/);
  });

  it('merges an S3 app split over many files and time folders, with its partition key', () => {
    const { db } = tempStore();
    importPaths(db, [S3_DOWNLOAD]);
    const apps = db
      .prepare(`SELECT a.app_id, a.partition_key, a.layout, COUNT(s.id) AS steps FROM apps a LEFT JOIN steps s ON s.app_ref = a.id
                GROUP BY a.id ORDER BY a.app_id`)
      .all();
    expect(apps).toEqual([
      { app_id: 's3-run-00', partition_key: 'tenant-0', layout: 's3', steps: 9 },
      { app_id: 's3-run-01', partition_key: 'tenant-1', layout: 's3', steps: 9 },
      { app_id: 's3-run-02', partition_key: 'tenant-0', layout: 's3', steps: 9 },
      { app_id: 's3-run-03', partition_key: 'tenant-1', layout: 's3', steps: 9 },
    ]);
    // Every step has both its begin and its end, wherever they were written.
    const incomplete = db
      .prepare('SELECT COUNT(*) AS n FROM steps WHERE start_us IS NULL OR end_us IS NULL')
      .get();
    expect(incomplete).toEqual({ n: 0 });
  });

  it('keeps the database well under half the size of the logs for big states', () => {
    // Sizes are checked on the benchmark corpus (npm run bench); here only that payloads are not copied.
    const { db } = tempStore();
    importPaths(db, [LOCAL]);
    const cols = db.prepare("SELECT name FROM pragma_table_info('steps')").all() as { name: string }[];
    expect(cols.map((c) => c.name)).not.toContain('state');
  });
});
