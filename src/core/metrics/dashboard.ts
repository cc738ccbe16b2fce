import type { StatMetric, Stats } from '../../shared/stream-row';
import {
  type BreakdownPlan,
  breakdownRowsOf,
  planBreakdowns,
  planTrend,
  trendPoints,
} from './dashboard-groups';
import {
  type ColumnMoments,
  knownFromWalks,
  type MomentsInput,
  momentsOf,
  rowOrderStats,
} from './dashboard-moments';
import { type SplitSort, splitAndScatter } from './dashboard-split';
import { type WalkPlan, type WalkResult, walkMetric } from './dashboard-walk';
import { cdfPoints, histogram } from './histogram';
import { leaseScratch, type ScratchLease } from './scratch-arrays';
import { type SortedColumn, sortColumn } from './sorted-column';
import type { SortedKey } from './sorted-orders';
import { statsOfSorted } from './stats';
import type { StreamColumns } from './stream-columns';

/**
 * Everything the project dashboard draws, computed from one column scan.
 * Charts receive bins, CDF points, a bounded number of bars and a sampled
 * scatter: never one mark per raw stream when there are thousands.
 * Failed streams are excluded from every timing number and counted apart.
 *
 * No sort per request: every percentile, CDF and histogram reads the selection's values out of
 * columns sorted once per data version (sorted-orders.ts) with one walk over a row mask. Means and
 * standard deviations are summed in row order, as the sorting implementation summed them, so every
 * number is the same to the last bit (test/integration/dashboard-exact.test.ts holds the two together).
 */

export type { SplitSort };

/** Which snapshot rows the dashboard covers, and where their columns' sorted orders come from. */
export interface DashboardSelection {
  /** Selected rows, ascending; null: every row. */
  rows: Int32Array | null;
  /** The sorted column of the whole snapshot (SortedOrders keeps them per data version). */
  sorted: (key: SortedKey) => SortedColumn;
}

/** Sorts on demand, once per column: for callers without a SortedOrders (tests, one-off reports). */
export function sortingSelection(c: StreamColumns, rows: Int32Array | null = null): DashboardSelection {
  const kept = new Map<SortedKey, SortedColumn>();
  return {
    rows,
    sorted: (key) => {
      let s = kept.get(key);
      if (!s) {
        s = sortColumn(c[key], c.failed);
        kept.set(key, s);
      }
      return s;
    },
  };
}

export function computeDashboard(
  c: StreamColumns,
  opts: { ttftLog: boolean; splitSort: SplitSort },
  selection: DashboardSelection = sortingSelection(c),
) {
  // Its working arrays come from (and go back to) a pool: see scratch-arrays.ts. Nothing the steps
  // below return to the caller holds one (the walks' arrays are read, never handed out).
  const scratch = leaseScratch();
  try {
    const planned = planDashboard(c, selection, scratch);
    const walked = walkDashboard(c, selection, planned, scratch);
    const charts = chartsOf(c, opts, planned, walked, scratch);
    // After the walks, the passes in row order take the counts they found.
    const known = knownFromWalks(momentGroups(walked));
    return assembleDashboard(planned, walked, charts, momentsOf({ ...planned.moments, known }));
  } finally {
    scratch.release();
  }
}

/**
 * computeDashboard with its passes in row order handed to `moments` (a worker thread:
 * moments-off-thread.ts) while this thread walks the sorted columns: the same numbers, on two
 * cores. Its working arrays are shared memory, so the worker reads them where they are.
 */
export async function computeDashboardWith(
  c: StreamColumns,
  opts: { ttftLog: boolean; splitSort: SplitSort },
  selection: DashboardSelection,
  moments: (input: MomentsInput) => Promise<ColumnMoments[]>,
) {
  // Columns not in shared memory (a snapshot built from SQL or refreshed after an import) cannot be
  // handed over: then all of it runs here, the passes after the walks, taking the counts they found.
  if (!MOMENT_COLUMNS.every((key) => c[key].buffer instanceof SharedArrayBuffer))
    return computeDashboard(c, opts, selection);
  const scratch = leaseScratch({ shared: true });
  let pending: Promise<ColumnMoments[]> | null = null;
  try {
    const planned = planDashboard(c, selection, scratch);
    pending = moments({ ...planned.moments, rows: sharedRows(planned.moments.rows, scratch) });
    const walked = walkDashboard(c, selection, planned, scratch);
    // Everything that does not read them first: the worker's passes finish meanwhile.
    const charts = chartsOf(c, opts, planned, walked, scratch);
    return assembleDashboard(planned, walked, charts, await pending);
  } finally {
    // The worker reads the lease's arrays until it answers: they go back to the pool only then.
    await pending?.catch(() => undefined);
    scratch.release();
  }
}

/** The selection's rows where a worker can read them: as they are if shared, else a shared copy. */
function sharedRows(rows: Int32Array | null, scratch: ScratchLease): Int32Array | null {
  if (rows === null || rows.buffer instanceof SharedArrayBuffer) return rows;
  const out = scratch.i32(rows.length);
  out.set(rows);
  return out;
}

type Planned = ReturnType<typeof planDashboard>;
type Walked = ReturnType<typeof walkDashboard>;

/** The counts, the breakdown and trend plans and the per-row tables every later step reads. */
function planDashboard(c: StreamColumns, selection: DashboardSelection, scratch: ScratchLease) {
  const rows = selection.rows ?? identity(c);
  const n = rows.length;
  // Mask (1) of the selected rows every timing number covers (not failed); the same pass in row
  // order counts everything counted.
  const base = scratch.u16(c.n, true);
  let failed = 0;
  let hooks = 0;
  let failedLegacy = 0;
  let hooksCount = 0;
  let legacyCount = 0;
  let ttftLegacy = 0;
  const seenApp = new Uint8Array(maxAppRef(c) + 1);
  let apps = 0;
  for (let j = 0; j < n; j++) {
    const i = rows[j] as number;
    const f = c.failed[i] as number;
    const h = c.hooks[i] as number;
    failed += f;
    hooks += h;
    if (f === 1 && h === 0) failedLegacy++;
    if (f === 0) {
      base[i] = 1;
      if (h === 1) hooksCount++;
      else {
        legacyCount++;
        if (Number.isFinite(c.ttft[i])) ttftLegacy++;
      }
    }
    const ref = c.appRef[i] as number;
    if (seenApp[ref] === 0) {
      seenApp[ref] = 1;
      apps++;
    }
  }
  const counts = { failed, hooks, failedLegacy, hooksCount, legacyCount, ttftLegacy };

  const [byAction, byPartition] = planBreakdowns(c, rows);
  const buckets = planTrend(
    c,
    rows,
    base,
    selection.rows === null ? selection.sorted('startUs') : null,
    scratch,
  );
  const breakdownRows = breakdownRowsOf(c, rows, byAction, byPartition, scratch);
  // Means, deviations, minima and maxima in row order (see rowOrderStats), for the selection and,
  // for TTFT, generation and items/s, each breakdown row: two passes for all of them.
  const A = byAction.labels.length;
  const keyed = A + byPartition.labels.length > 0;
  const moments: MomentsInput = {
    rows: selection.rows,
    base,
    breakdownRows,
    actionRows: A,
    keyedSlots: 1 + A + byPartition.labels.length,
    columns: MOMENT_COLUMNS.map((key) => c[key]),
    keyed: MOMENT_COLUMNS.map((key) => keyed && WALKS[key].byRow),
  };
  return { rows, n, base, counts, apps, byAction, byPartition, buckets, breakdownRows, moments };
}

/**
 * The columns the dashboard walks, in the order walked, and what each walk fills besides the
 * selection's values: each breakdown row's (the tables' TTFT, generation and items/s), each trend
 * bucket's, one timing source's. Their moments come in this order too (MOMENT_COLUMNS).
 */
const WALKS = {
  ttft: { byRow: true, trend: true, timing: null },
  itemsPerS: { byRow: true, trend: true, timing: null },
  generation: { byRow: true, trend: false, timing: null },
  interItem: { byRow: false, trend: false, timing: 1 },
  legacyMsPerItem: { byRow: false, trend: false, timing: 0 },
  consumer: { byRow: false, trend: false, timing: null },
  genShare: { byRow: false, trend: false, timing: null },
} as const;
type WalkedKey = keyof typeof WALKS;
const MOMENT_COLUMNS = Object.keys(WALKS) as WalkedKey[];

/**
 * One walk per sorted column fills every group that reads it (the selection, the breakdown rows,
 * the trend buckets, one timing source), reading each row's groups from the plan's tables.
 */
function walkDashboard(
  c: StreamColumns,
  selection: DashboardSelection,
  planned: Planned,
  scratch: ScratchLease,
): Record<WalkedKey, WalkResult> {
  const { byAction, byPartition, breakdownRows, buckets, counts } = planned;
  const selected = selection.rows === null ? null : planned.base;
  const walks = {} as Record<WalkedKey, WalkResult>;
  for (const key of MOMENT_COLUMNS) {
    const { byRow, trend, timing } = WALKS[key];
    const parts: Omit<WalkPlan, 'selected' | 'column'> = {
      ...(byRow ? { action: byAction, partition: byPartition, breakdownRows } : {}),
      ...(trend ? { trend: buckets } : {}),
      ...(timing === null
        ? {}
        : { timing: { hooks: timing, capacity: timing === 1 ? counts.hooksCount : counts.legacyCount } }),
    };
    walks[key] = walkMetric(c, selection.sorted(key), { column: c[key], selected, ...parts }, scratch);
  }
  return walks;
}

/** Each column's groups, in MOMENT_COLUMNS' order: the selection's, then (walked by row) each breakdown row's. */
function momentGroups(walks: Walked): ArrayLike<number>[][] {
  return MOMENT_COLUMNS.map((key) => {
    const w = walks[key];
    return WALKS[key].byRow ? [w.all, ...w.action, ...w.partition] : [w.all];
  });
}

/** What the dashboard draws but its statistics and tables: all of it read from the walks. */
function chartsOf(
  c: StreamColumns,
  opts: { ttftLog: boolean; splitSort: SplitSort },
  { rows, n, counts, buckets }: Planned,
  walks: Walked,
  scratch: ScratchLease,
) {
  const ttftValues = walks.ttft.all;
  return {
    counts: { streams: n, failed: counts.failed, hooks: counts.hooks, legacy: n - counts.hooks },
    ttft: {
      histogram: bins(ttftValues, opts.ttftLog),
      cdf: cdfPoints(ttftValues, 400, true),
      legacyCount: counts.ttftLegacy,
    },
    ...splitAndScatter(c, rows, opts.splitSort, ttftValues, scratch),
    throughput: {
      itemsPerS: bins(walks.itemsPerS.all, false),
      interItemMs: bins(walks.interItem.timing, false),
      legacyMsPerItem: bins(walks.legacyMsPerItem.timing, false),
      legacyCount: n - counts.hooks - counts.failedLegacy,
    },
    trend: buckets
      ? trendPoints(buckets, walks.ttft.trend, walks.itemsPerS.trend)
      : { bucketMs: 0, points: [] },
  };
}

/** The dashboard: its charts, and its statistics and tables from the walks and the passes in row order. */
function assembleDashboard(
  planned: Planned,
  walks: Walked,
  charts: ReturnType<typeof chartsOf>,
  columnMoments: ColumnMoments[],
) {
  const { byAction, byPartition } = planned;
  const perSlot = rowOrderStats(columnMoments, momentGroups(walks));
  const of = (key: WalkedKey): Stats[] => perSlot[MOMENT_COLUMNS.indexOf(key)] as Stats[];
  const [ttftM, genM, ipsM] = [of('ttft'), of('generation'), of('itemsPerS')];
  const stats: Record<StatMetric, Stats> = {
    // TTFT's mean was always summed over its sorted values; the others' in row order.
    ttft_ms: statsOfSorted(walks.ttft.all),
    generation_ms: genM[0] as Stats,
    consumer_ms: of('consumer')[0] as Stats,
    gen_share: of('genShare')[0] as Stats,
    inter_item_ms: of('interItem')[0] as Stats,
    items_per_s: ipsM[0] as Stats,
    legacy_ms_per_item: of('legacyMsPerItem')[0] as Stats,
  };
  const tableRows = (plan: BreakdownPlan, offset: number) =>
    plan.labels.map((key, r) => ({
      key,
      streams: plan.streams[r] as number,
      failed: plan.failed[r] as number,
      ttft: ttftM[offset + r] as Stats,
      generation: genM[offset + r] as Stats,
      itemsPerS: ipsM[offset + r] as Stats,
    }));
  const { counts, ...drawn } = charts;
  return {
    counts: { ...counts, apps: planned.apps },
    stats,
    ...drawn,
    byAction: tableRows(byAction, 1),
    byPartition: tableRows(byPartition, 1 + byAction.labels.length),
  };
}

/** The largest app ref of the columns, worked out once per snapshot: the counting pass then also counts apps. */
const maxRefs = new WeakMap<StreamColumns, number>();
function maxAppRef(c: StreamColumns): number {
  let max = maxRefs.get(c);
  if (max === undefined) {
    max = 0;
    for (let i = 0; i < c.n; i++) if ((c.appRef[i] as number) > max) max = c.appRef[i] as number;
    maxRefs.set(c, max);
  }
  return max;
}

/** Every row, ascending: made once per snapshot (4 MB at 1M streams), only ever read. */
const identities = new WeakMap<StreamColumns, Int32Array>();
function identity(c: StreamColumns): Int32Array {
  let out = identities.get(c);
  if (!out) {
    out = new Int32Array(c.n);
    for (let i = 0; i < c.n; i++) out[i] = i;
    identities.set(c, out);
  }
  return out;
}

function bins(sorted: Float64Array, log: boolean): { edges: number[]; counts: number[] } {
  if (sorted.length === 0) return { edges: [], counts: [] };
  const h = histogram(sorted, { log, presorted: true });
  return { edges: h.edges, counts: h.counts };
}
