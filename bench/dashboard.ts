/**
 * `npx tsx bench/dashboard.ts [--streams 100000] [--runs 5] [--keep-db] [--db FILE]`
 *
 * Dashboard queries on a database of many streams. Seeds from the benchmark
 * generator's corpus, then replicates its apps (with new ids) inside SQLite
 * until the target stream count, and times every query the dashboard view
 * makes through the service. The reference measured in the same run is one
 * Float64Array sort of as many numbers (what one percentile cost before the
 * sorted orders), printed next to each figure as a ratio, so runs on a busy
 * machine still compare.
 *
 * Targets (issue 10): every query under 300 ms at 1M streams and under 50 ms at
 * 100k (linear in between, clamped outside), the first view after start under
 * 1 s. Each miss is listed at the end and the run exits 1.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importPaths } from '../src/core/importer/import-paths';
import { createService } from '../src/core/service';
import { openStore } from '../src/core/store/open-store';
import { refreshStreamFacts } from '../src/core/store/stream-facts';
import { generateCorpus } from './generate-corpus';

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    // Reuse a database an earlier run built (building 1M streams takes minutes): measure only.
    'keep-db': { type: 'boolean', default: false },
    // Where the database lives (default: the OS temp folder, named by stream count).
    db: { type: 'string' },
  },
});
const target = Number(values.streams);
const dir = path.join(import.meta.dirname, '.corpus', 'dashboard-seed');
const dbFile = values.db ?? path.join(os.tmpdir(), `stream-lens-dashboard-${target}.db`);
if (!(values['keep-db'] && existsSync(dbFile))) buildDatabase();
const { streams, apps, biggest } = describeDatabase();
console.log(`${streams.toLocaleString('en-US')} streams in ${apps.toLocaleString('en-US')} apps (${dbFile})`);

// Measured before the service starts (it would share the cores): see firstTouchMs.
const touchReference = firstTouchMs(snapshotBytes(dbFile, streams));
const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};
const reference = (() => {
  const values = Float64Array.from({ length: streams }, (_, i) => (i * 7919) % 100003);
  const t = performance.now();
  values.sort();
  return performance.now() - t;
})();
const FIRST_VIEW_TARGET_MS = 1000;
const FIRST_REQUEST = { filter: {}, ttftLog: false, splitSort: 'total' } as const;
const firstViews = await timeFirstViews();
const service = createService({ databasePath: dbFile, host: 'serve' });
// Queries are timed on a settled service, as a user meets it once the window is up: its first walk
// of the watched folders (the corpus's thousands of files, in 8 ms slices) would otherwise share
// the cores with the first queries. The first view after a start is timed above, walk included.
await service.whenIdle();
const h = service.handlers;
const queries: [string, () => Promise<unknown>][] = [
  ['dashboard: all streams', () => h['dashboard:get']({ filter: {}, ttftLog: true, splitSort: 'share' })],
  [
    `dashboard: project ${biggest}`,
    () => h['dashboard:get']({ filter: { project: biggest }, ttftLog: false, splitSort: 'generation' }),
  ],
  [
    'dashboard: app glob + hooks only',
    () =>
      h['dashboard:get']({
        filter: { app: '*-copy1*', timingSource: 'hooks' },
        ttftLog: false,
        splitSort: 'consumer',
      }),
  ],
  [
    'dashboard: all streams + goodput (SLO on TTFT and inter-item)',
    () =>
      h['dashboard:get']({
        filter: {},
        ttftLog: false,
        splitSort: 'total',
        slo: { ttft_ms: { op: '<=', value: 500 }, inter_item_ms: { op: '<', value: 50 } },
      }),
  ],
  [
    'dashboard: all streams + trend change points',
    () => h['dashboard:get']({ filter: {}, ttftLog: false, splitSort: 'total', changePoints: true }),
  ],
  [
    // What the trend card waits for in the app: its own request after the dashboard it belongs to
    // (same toggles), so the charts come from the service's cache and only change points are computed.
    'dashboard: all streams, then its trend change points (as the trend card asks; timed: the second)',
    async () => {
      const request = { filter: {}, ttftLog: false, splitSort: 'total' } as const;
      await h['dashboard:get'](request);
      return time(() => h['dashboard:get']({ ...request, changePoints: true }));
    },
  ],
  [
    `dashboard: project ${biggest} + goodput + change points`,
    () =>
      h['dashboard:get']({
        filter: { project: biggest },
        ttftLog: false,
        splitSort: 'total',
        slo: { ttft_ms: { op: '<=', value: 500 } },
        changePoints: true,
      }),
  ],
  [
    'streams:query page at offset 50,000 sorted by TTFT',
    () =>
      h['streams:query']({ filter: {}, sort: { by: 'ttft_ms', dir: 'desc' }, offset: 50_000, limit: 250 }),
  ],
  [
    'streams:query two pages in a row, same selection (the second ranks from the kept sort)',
    async () => {
      await h['streams:query']({ filter: {}, sort: { by: 'ttft_ms', dir: 'desc' }, offset: 0, limit: 250 });
      await h['streams:query']({ filter: {}, sort: { by: 'ttft_ms', dir: 'desc' }, offset: 250, limit: 250 });
    },
  ],
  ['library:projects', () => h['library:projects']({})],
  ['library:apps (first 500)', () => h['library:apps']({ filter: {}, limit: 500, offset: 0 })],
  ['filters:options', () => h['filters:options']({})],
];
const runs = Number(values.runs);
/** 50 ms at 100k streams, 300 ms at 1M, linear in between. */
const targetMs = Math.round(50 + (250 * (Math.min(1e6, Math.max(1e5, streams)) - 1e5)) / 9e5);
console.log(`reference: one sort of ${streams.toLocaleString('en-US')} numbers = ${reference.toFixed(1)} ms`);
console.log(
  `reference: first touch of ${(touchReference.bytes / 1e6).toFixed(0)} MB (the facts snapshot's size) = ${touchReference.ms.toFixed(0)} ms`,
);
console.log(`target: each query < ${targetMs} ms, the first view < ${FIRST_VIEW_TARGET_MS} ms\n`);
const misses: string[] = [];
for (const [name, ms] of firstViews) {
  const line = `${name}: ${ms.toFixed(0)} ms, ${(ms / reference).toFixed(2)}x the sort reference, ${(ms / touchReference.ms).toFixed(2)}x the first-touch reference (target < ${FIRST_VIEW_TARGET_MS} ms)`;
  console.log(`${ms < FIRST_VIEW_TARGET_MS ? 'ok  ' : 'MISS'} ${line}`);
  if (ms >= FIRST_VIEW_TARGET_MS) misses.push(line);
}
for (const [name, fn] of queries) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Each run computes afresh (the service would otherwise answer a repeated dashboard from its cache).
    service.clearDashboardCache();
    const t = performance.now();
    const timed = await fn();
    // A query that times only its own part returns that time.
    times.push(typeof timed === 'number' ? timed : performance.now() - t);
  }
  const best = Math.min(...times);
  const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
  const ok = best < targetMs;
  const line = `${name}: best ${best.toFixed(0)} ms, median ${median.toFixed(0)} ms, ${(best / reference).toFixed(2)}x the sort reference (target < ${targetMs} ms)`;
  console.log(`${ok ? 'ok  ' : 'MISS'} ${line}`);
  if (!ok) misses.push(line);
}
service.close();
const measured = firstViews.length + queries.length;
if (misses.length > 0) {
  console.log(`\n${misses.length} of ${measured} figures MISSED their target:`);
  for (const m of misses) console.log(`  MISS ${m}`);
  process.exitCode = 1;
} else console.log(`\nall ${measured} figures within their targets`);

/**
 * The first dashboard after a start, twice, each on a service started afresh: with no saved views
 * (it waits for the snapshot's read, in a worker, then computes), then with the views the first
 * service saved when it closed (a user reopening the app on unchanged data).
 */
async function timeFirstViews(): Promise<[string, number][]> {
  rmSync(`${dbFile}.views`, { force: true });
  const cold = createService({ databasePath: dbFile, host: 'serve' });
  const coldMs = await time(() => cold.handlers['dashboard:get'](FIRST_REQUEST));
  cold.close();
  const reopened = createService({ databasePath: dbFile, host: 'serve' });
  const savedMs = await time(() => reopened.handlers['dashboard:get'](FIRST_REQUEST));
  // Its snapshot read goes on in the background: waited for (a computed answer waits for it), so
  // it does not share the cores with what is timed next.
  reopened.clearDashboardCache();
  await reopened.handlers['dashboard:get'](FIRST_REQUEST);
  reopened.close();
  return [
    ['first view after start, nothing saved but the snapshot (reads it, in a worker, then computes)', coldMs],
    ["first view after start, the last session's views saved (a reopen on unchanged data)", savedMs],
  ];
}

/** Imports the generator's corpus, then replicates its apps until the target stream count. */
function buildDatabase(): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  const manifest = generateCorpus({ dir, targetBytes: 40e6, seed: 7 });
  const db = openStore(dbFile);
  importPaths(db, [manifest.roots.local, manifest.roots.s3]);
  const count = (): number => db.prepare('SELECT COUNT(*) FROM streams').pluck().get() as number;
  // Replicate every app (steps and streams) under a new app id until there are enough streams.
  let copy = 0;
  while (count() < target) {
    copy++;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO apps (project_id, app_id, partition_dir, layout, partition_key)
         SELECT project_id, app_id || '-copy${copy}', partition_dir, layout, partition_key FROM apps WHERE app_id NOT LIKE '%-copy%'`,
      ).run();
      const map = `(SELECT c.id FROM apps c WHERE c.app_id = a.app_id || '-copy${copy}' AND c.project_id = a.project_id AND c.partition_dir = a.partition_dir)`;
      db.prepare(
        `INSERT INTO steps (app_ref, sequence_id, action, start_us, end_us, failed, exception)
         SELECT ${map}, s.sequence_id, s.action, s.start_us + ${copy} * 60000000, s.end_us + ${copy} * 60000000, s.failed, s.exception
         FROM steps s JOIN apps a ON a.id = s.app_ref WHERE a.app_id NOT LIKE '%-copy%'`,
      ).run();
      db.prepare(
        `INSERT INTO streams (app_ref, sequence_id, span_key, init_us, first_item_us, end_us, items, generation_time_ms, consumer_time_ms, first_item_time_ms)
         SELECT ${map}, s.sequence_id, s.span_key, s.init_us + ${copy} * 60000000, s.first_item_us + ${copy} * 60000000, s.end_us + ${copy} * 60000000,
           s.items, s.generation_time_ms * (0.8 + 0.4 * ((s.id * ${copy}) % 7) / 7.0), s.consumer_time_ms, s.first_item_time_ms
         FROM streams s JOIN apps a ON a.id = s.app_ref WHERE a.app_id NOT LIKE '%-copy%'`,
      ).run();
    })();
  }
  const appRefs = db.prepare('SELECT id FROM apps').pluck().all() as number[];
  db.transaction(() => refreshStreamFacts(db, appRefs))();
  db.close();
}

/** What the queries below run on: the stream and app counts and the biggest project's name. */
function describeDatabase(): { streams: number; apps: number; biggest: string } {
  const db = openStore(dbFile);
  const streams = db.prepare('SELECT COUNT(*) FROM streams').pluck().get() as number;
  const apps = db.prepare('SELECT COUNT(*) FROM apps').pluck().get() as number;
  const biggest = db
    .prepare(
      'SELECT p.name FROM stream_facts f JOIN projects p ON p.id = f.project_id GROUP BY p.id ORDER BY COUNT(*) DESC LIMIT 1',
    )
    .pluck()
    .get() as string;
  db.close();
  return { streams, apps, biggest };
}

/** The saved facts snapshot's size, or ~210 bytes a stream when there is none yet. */
function snapshotBytes(db: string, streamCount: number): number {
  const file = `${db}.facts`;
  return existsSync(file) ? statSync(file).size : streamCount * 210;
}

/**
 * Allocating and writing `bytes` of fresh memory, once: what a start pays at least to hold the
 * snapshot, whatever the code does. Cheap on most machines (tens of ms for 200 MB); on VMs where a
 * first touch of a page is slow (2.5 ms a MB on the 2-core Firecracker VMs this is measured on) it
 * dominates the first view, so the first view is printed against it too.
 */
function firstTouchMs(bytes: number): { bytes: number; ms: number } {
  const t = performance.now();
  const memory = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 4096) memory[i] = 1;
  return { bytes, ms: performance.now() - t };
}
