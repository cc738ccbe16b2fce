import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { appTableFrom } from '../../src/core/metrics/app-table';
import { ChangePointWorker } from '../../src/core/metrics/change-points-off-thread';
import {
  computeDashboard,
  computeDashboardWith,
  type DashboardSelection,
  type SplitSort,
} from '../../src/core/metrics/dashboard';
import {
  dashboardChangePoints,
  dashboardChangePointsWith,
} from '../../src/core/metrics/dashboard-change-points';
import { goodputOfColumns } from '../../src/core/metrics/goodput-columns';
import { MomentsWorker } from '../../src/core/metrics/moments-off-thread';
import { mulberry32 } from '../../src/core/metrics/random';
import { selectRows } from '../../src/core/metrics/select-streams';
import { sortColumn } from '../../src/core/metrics/sorted-column';
import { SORTED_KEYS, SortedOrders } from '../../src/core/metrics/sorted-orders';
import { type StreamColumns, takeRows } from '../../src/core/metrics/stream-columns';
import {
  type FactsSnapshot,
  loadFactsSnapshot,
  refreshFactsSnapshot,
} from '../../src/core/store/facts-snapshot';
import type { StreamFilter } from '../../src/shared/filter';
import { computeDashboard as dashboardBySorting } from '../helpers/dashboard-by-sorting';
import { dashboardChangePoints as changePointsBySorting } from '../helpers/dashboard-change-points-by-sorting';
import { FIXTURES, LOCAL, S3_DOWNLOAD, tempStore } from '../helpers/fixtures';

/*
 * The dashboard reads percentiles, CDFs and histograms out of columns sorted once per data version
 * (sorted-orders.ts). These tests hold it to the implementation it replaced, which copied the
 * selection's columns and sorted (or quickselected) per request (test/helpers/*-by-sorting.ts):
 * every number equal, on real fixture streams and on random data and random selections.
 */

const OPTIONS: { ttftLog: boolean; splitSort: SplitSort }[] = [
  { ttftLog: false, splitSort: 'total' },
  { ttftLog: true, splitSort: 'share' },
  { ttftLog: false, splitSort: 'generation' },
  { ttftLog: true, splitSort: 'consumer' },
];

function expectSameAsSorting(c: StreamColumns, rows: Int32Array | null, orders: SortedOrders, label: string) {
  const selection: DashboardSelection = { rows, sorted: (key) => orders.column(c, key) };
  const copied = rows ? takeRows(c, rows) : c;
  for (const opts of OPTIONS) {
    expect({ label, opts, dashboard: computeDashboard(c, opts, selection) }).toEqual({
      label,
      opts,
      dashboard: dashboardBySorting(copied, opts),
    });
  }
  const cps = dashboardChangePoints(c, selection);
  expect({ label, cps }).toEqual({ label, cps: changePointsBySorting(copied) });
  const slo = { ttft_ms: { op: '<=' as const, value: 300 }, items_per_s: { op: '<' as const, value: 40 } };
  expect(goodputOfColumns(c, slo, rows)).toEqual(goodputOfColumns(copied, slo));
  return cps.length;
}

describe('the dashboard from sorted orders equals the dashboard by sorting', () => {
  it('on the real fixture streams, for every kind of filter, and after an incremental refresh', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL]);
    const orders = new SortedOrders();
    const before = loadFactsSnapshot(db);
    expectSameAsSorting(before, null, orders, 'local, all');
    // More apps arrive (a live import): the new version's orders are derived from the last one's.
    const appsBefore = new Set(before.apps.refs);
    importPaths(db, [S3_DOWNLOAD, `${FIXTURES}/burr-demo-data`]);
    const added = (db.prepare('SELECT id FROM apps').pluck().all() as number[]).filter(
      (a) => !appsBefore.has(a),
    );
    expect(added.length).toBeGreaterThan(0);
    const snapshot = refreshFactsSnapshot(db, before, [...added, 1]);
    for (const key of SORTED_KEYS) expectSortedColumn(snapshot, key, orders);
    const filters: StreamFilter[] = [
      {},
      { project: 'chatbot-models' },
      { project: 'no-such-project' },
      { app: 'fast-model-*' },
      { partitionKey: 'user-4', project: 'chatbot-models' },
      { action: 'respond' },
      { timingSource: 'legacy' },
      { timingSource: 'hooks', failed: 'none' },
      { failed: 'only' },
      { from: '2026-11-24T00:41:00Z', to: '2026-11-24T00:41:30Z' },
    ];
    for (const filter of filters)
      expectSameAsSorting(snapshot, selectRows(snapshot, filter), orders, JSON.stringify(filter));
  });

  it('on random columns (ties, nulls, negatives, failed streams, 40 partitions) and random selections', () => {
    const rng = mulberry32(42);
    const c = randomColumns(6000, rng);
    const orders = new SortedOrders();
    // The TTFT step on the second day gives the trend's change points something to find.
    expect(expectSameAsSorting(c, null, orders, 'all')).toBeGreaterThan(0);
    for (const share of [0.9, 0.5, 0.1, 0.01, 0]) {
      const rows: number[] = [];
      for (let i = 0; i < c.n; i++) if (rng() < share) rows.push(i);
      expectSameAsSorting(c, Int32Array.from(rows), orders, `random ${share}`);
    }
  });

  it('on breakdown rows and trend buckets of one, two and three streams (every rank a statistic reads)', () => {
    const rng = mulberry32(7);
    const c = randomColumns(400, rng);
    // Actions: one stream, two, three; partitions: one, two; every other stream has neither. Sparse
    // trend buckets: a start every 3 hours over two days, so some buckets hold a single stream.
    const sizes = [1, 2, 3];
    let row = 0;
    c.actionIdx.fill(-1);
    c.partitionIdx.fill(-1);
    sizes.forEach((size, a) => {
      for (let k = 0; k < size; k++) c.actionIdx[row++] = a;
    });
    [1, 2].forEach((size, p) => {
      for (let k = 0; k < size; k++) c.partitionIdx[row++] = p;
    });
    for (let i = 0; i < c.n; i++) c.failed[i] = i < row ? 0 : (c.failed[i] as number);
    for (let i = 0; i < c.n; i += 13) c.startUs[i] = 1.7e15 + (i % 16) * 3 * 3_600e6;
    const orders = new SortedOrders();
    expectSameAsSorting(c, null, orders, 'small groups, all');
    expectSameAsSorting(
      c,
      Int32Array.from({ length: 40 }, (_, i) => i * 3),
      orders,
      'small groups, some',
    );
  });

  it("refuses a sorted column whose rows are not its column's (a row twice, one missing): an error, not wrong numbers", () => {
    const c = randomColumns(500, mulberry32(3));
    const ttft = sortColumn(c.ttft, c.failed);
    const rows = Uint32Array.from(ttft.rows);
    const first = rows[0] as number;
    const k = rows.findIndex((r) => c.actionIdx[r] !== c.actionIdx[first]);
    rows[k] = first; // another action's row replaced by the first row
    const broken = { rows, values: ttft.values };
    const selection: DashboardSelection = {
      rows: null,
      sorted: (key) => (key === 'ttft' ? broken : sortColumn(c[key], c.failed)),
    };
    expect(() => computeDashboard(c, { ttftLog: false, splitSort: 'total' }, selection)).toThrow(
      /does not hold the rows/,
    );
  });

  it('derives the next version of a column as a fresh sort would order it', () => {
    const rng = mulberry32(7);
    const c = randomColumns(5000, rng);
    const orders = new SortedOrders();
    for (const key of SORTED_KEYS) orders.column(c, key);
    expect(orders.made).toEqual({ sorted: SORTED_KEYS.length, derived: 0 });
    // Rows of app 3 re-read (some values changed, moved to the end), two streams gone, new ones added.
    const keep: number[] = [];
    const moved: number[] = [];
    for (let i = 0; i < c.n; i++) {
      if (i === 10 || i === 11) continue;
      (c.appRef[i] === 3 ? moved : keep).push(i);
    }
    const next = takeRows(c, Int32Array.from([...keep, ...moved, 0, 1, 2]));
    for (let j = keep.length; j < next.n; j++) {
      if (j >= keep.length + moved.length) next.streamId[j] = 100_000 + j;
      if (rng() < 0.5) next.ttft[j] = Math.round(rng() * 50);
      if (rng() < 0.2) next.itemsPerS[j] = Number.NaN;
      // Re-read as failed, or as no longer failed, with values unchanged: in or out of the column.
      if (rng() < 0.1) next.failed[j] = 1 - (next.failed[j] as number);
    }
    for (const key of SORTED_KEYS) expectSortedColumn(next, key, orders);
    expect(orders.made).toEqual({ sorted: SORTED_KEYS.length, derived: SORTED_KEYS.length });
    expectSameAsSorting(next, null, orders, 'derived');
  });
});

describe('change points with E-divisive in the worker', () => {
  it('equal those computed on this thread, and fall back to this thread once the worker is closed', async () => {
    const c = randomColumns(6000, mulberry32(42));
    const orders = new SortedOrders();
    const selection: DashboardSelection = { rows: null, sorted: (key) => orders.column(c, key) };
    const here = dashboardChangePoints(c, selection);
    expect(here.length).toBeGreaterThan(0);
    const worker = new ChangePointWorker();
    try {
      expect(await dashboardChangePointsWith(c, selection, (jobs) => worker.run(jobs))).toEqual(here);
    } finally {
      worker.close();
    }
    expect(await dashboardChangePointsWith(c, selection, (jobs) => worker.run(jobs))).toEqual(here);
  });
});

describe('the dashboard with its passes in row order on a worker', () => {
  it('equals the dashboard computed on this thread, over shared columns, for every selection', async () => {
    const c = sharedCopy(randomColumns(6000, mulberry32(11)));
    const orders = new SortedOrders();
    const moments = new MomentsWorker();
    try {
      const rng = mulberry32(12);
      for (const share of [1, 0.5, 0.05]) {
        const rows =
          share === 1 ? null : Int32Array.from({ length: c.n }, (_, i) => i).filter(() => rng() < share);
        const selection: DashboardSelection = { rows, sorted: (key) => orders.column(c, key) };
        for (const opts of OPTIONS) {
          const here = computeDashboard(c, opts, selection);
          const there = await computeDashboardWith(c, opts, selection, (input) => moments.run(input));
          expect({ share, opts, dashboard: there }).toEqual({ share, opts, dashboard: here });
        }
      }
      // Every input was handed to the thread, and the thread is still up (no silent fallback).
      expect(moments.sent).toBe(3 * OPTIONS.length);
      expect(moments.onThread).toBe(true);
    } finally {
      moments.close();
    }
  });
});

/** The columns copied into shared memory, as a snapshot read from its file holds them. */
function sharedCopy(c: StreamColumns): StreamColumns {
  const out: Record<string, unknown> = { ...c };
  for (const [key, value] of Object.entries(c)) {
    if (!ArrayBuffer.isView(value)) continue;
    const array = value as Float64Array | Int32Array | Uint8Array;
    const Kind = array.constructor as new (buffer: ArrayBuffer) => typeof array;
    const copy = new Kind(new SharedArrayBuffer(array.byteLength) as unknown as ArrayBuffer);
    copy.set(array);
    out[key] = copy;
  }
  return out as unknown as StreamColumns;
}

describe('SortedOrders.prepare', () => {
  it('sorts a new version one column per event-loop turn, so other work runs in between', async () => {
    const c = randomColumns(3000, mulberry32(9));
    const orders = new SortedOrders();
    let turns = 0;
    const turn = (): void => {
      turns++;
      if (turns < 1000) setImmediate(turn);
    };
    setImmediate(turn);
    await orders.prepare(c);
    expect(orders.made).toEqual({ sorted: SORTED_KEYS.length, derived: 0 });
    expect(turns).toBeGreaterThanOrEqual(SORTED_KEYS.length - 1);
    // Ready: asking again neither sorts nor yields.
    await orders.prepare(c);
    expect(orders.made.sorted).toBe(SORTED_KEYS.length);
  });
});

/**
 * The orders' column for `key`: the values of the streams that did not fail, as a Float64Array
 * sort gives them, each at its own row.
 */
function expectSortedColumn(c: StreamColumns, key: (typeof SORTED_KEYS)[number], orders: SortedOrders) {
  const got = orders.column(c, key);
  const want = Float64Array.from(c[key])
    .filter((v, i) => Number.isFinite(v) && c.failed[i] === 0)
    .sort();
  expect({ key, values: [...got.values] }).toEqual({ key, values: [...want] });
  expect([...got.rows].every((row, k) => Object.is(c[key][row], got.values[k]))).toBe(true);
  expect(new Set(got.rows).size).toBe(got.rows.length);
  expect(sortColumn(c[key], c.failed).values).toEqual(got.values);
}

function randomColumns(n: number, rng: () => number): FactsSnapshot {
  const f = (make: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => make(i));
  const maybe = (p: number, v: () => number) => (rng() < p ? Number.NaN : v());
  const hooks = Uint8Array.from({ length: n }, () => (rng() < 0.7 ? 1 : 0));
  const partitions = Array.from({ length: 40 }, (_, k) => `user-${k}`);
  const appRef = f(() => 1 + Math.floor(rng() * 30));
  const startUs = f(() => maybe(0.02, () => 1.7e15 + Math.floor(rng() * 172_800) * 1e6));
  const appIds = new Map<number, string>();
  for (let a = 1; a <= 30; a++) appIds.set(a, `app-${a}`);
  return {
    n,
    stamp: null,
    streamId: f((i) => i + 1),
    appRef,
    sequenceId: f((i) => i % 17),
    // Whole seconds over two days: many equal stream starts (ties broken by stream id).
    startUs,
    failed: Uint8Array.from({ length: n }, () => (rng() < 0.05 ? 1 : 0)),
    hooks,
    items: f(() => Math.floor(rng() * 200)),
    // Rounded: many ties; some negative and zero values, as suspicious clocks give.
    ttft: f((i) =>
      maybe(
        0.05,
        () => Math.round((rng() - 0.02) * 2000) / 4 + ((startUs[i] as number) > 1.7e15 + 86_400e6 ? 400 : 0),
      ),
    ),
    generation: f((i) => (hooks[i] ? Math.exp(rng() * 9) : Number.NaN)),
    consumer: f((i) => (hooks[i] ? maybe(0.1, () => rng() * 100) : Number.NaN)),
    genShare: f(() => maybe(0.1, () => rng())),
    interItem: f(() => maybe(0.1, () => rng() * 30)),
    itemsPerS: f(() => maybe(0.05, () => Math.round(rng() * 100))),
    legacyMsPerItem: f((i) => (hooks[i] ? Number.NaN : rng() * 80)),
    streamMs: f(() => rng() * 5000),
    actionIdx: Int32Array.from({ length: n }, () => Math.floor(rng() * 4) - 1),
    partitionIdx: Int32Array.from({ length: n }, () => Math.floor(rng() * 41) - 1),
    actions: ['draft', 'respond', 'search'],
    partitions,
    projectIdx: new Int32Array(n),
    projects: ['p'],
    apps: appTableFrom(
      [...appIds].map(([ref, appId]) => [ref, { appId, projectIdx: 0, partitionKey: null }]),
    ),
    sourceApps: new Map(),
  };
}
