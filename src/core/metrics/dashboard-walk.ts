import { ACTION_ROW_MASK, type BreakdownPlan, PARTITION_ROW_SHIFT, type TrendPlan } from './dashboard-groups';
import type { ScratchLease } from './scratch-arrays';
import { type SortedColumn, valuesOfSource } from './sorted-column';
import { percentileRanks } from './stats';
import type { StreamColumns } from './stream-columns';

export interface WalkPlan {
  /** The column the sorted column sorts (its values by row). */
  column: Float64Array;
  /** Mask (1) of the selected, non-failed rows; null: every non-failed row. */
  selected: Uint16Array | null;
  /** Each selected row's breakdown rows (breakdownRowsOf): needed with `action` or `partition`. */
  breakdownRows?: Uint16Array;
  action?: BreakdownPlan;
  partition?: BreakdownPlan;
  trend?: TrendPlan | null;
  /** Also collect the values of one timing source (1 hooks, 0 legacy). */
  timing?: { hooks: number; capacity: number };
}

/**
 * A group's sorted values as its statistics read them: its length, and the values at the ranks
 * they read (first, last, each percentile's two neighbours: GROUP_PERCENTILES). Reading any
 * other index throws: a statistic added without its ranks fails loudly instead of reading NaN.
 */
export type GroupValues = ArrayLike<number>;

export interface WalkResult {
  all: Float64Array;
  action: GroupValues[];
  partition: GroupValues[];
  trend: GroupValues[];
  timing: Float64Array;
}

/** Every percentile read of a breakdown row or trend bucket (dashboard-moments.ts, dashboard-groups.ts). */
const GROUP_PERCENTILES = [50, 90, 95, 99] as const;

/**
 * The values picked for each group of one grouping: per group the ranks its statistics read,
 * ascending, then a -1 (so a group's next rank is never the following group's); `next[g]` the
 * slot of group g's next rank and `seen[g]` how many of its values have gone by.
 */
interface Picks {
  counts: Int32Array;
  start: Int32Array;
  ranks: Int32Array;
  got: Float64Array;
  next: Int32Array;
  seen: Int32Array;
}

function picksFor(counts: Int32Array): Picks {
  const start = new Int32Array(counts.length + 1);
  const lists: number[][] = [];
  let total = 0;
  for (let g = 0; g < counts.length; g++) {
    const n = counts[g] as number;
    const ranks = new Set<number>();
    if (n > 0) {
      ranks.add(0).add(n - 1);
      for (const p of GROUP_PERCENTILES) for (const r of percentileRanks(n, p)) ranks.add(r);
    }
    const list = [...ranks].sort((a, b) => a - b);
    lists.push(list);
    start[g] = total;
    total += list.length + 1;
  }
  start[counts.length] = total;
  const ranks = new Int32Array(total).fill(-1);
  for (let g = 0; g < counts.length; g++) ranks.set(lists[g] as number[], start[g] as number);
  return {
    counts,
    start,
    ranks,
    got: new Float64Array(total),
    next: start.slice(0, counts.length),
    seen: new Int32Array(counts.length),
  };
}

function groupsOf({ counts, start, ranks, got }: Picks): GroupValues[] {
  return Array.from(counts, (n, g) => {
    const out: Record<number, number> & { length: number } = { length: n };
    for (let t = start[g] as number; (ranks[t] as number) >= 0; t++)
      out[ranks[t] as number] = got[t] as number;
    return new Proxy(out, PICKED_ONLY);
  });
}

/** A group's values read at a rank that was not picked: a statistic the walk does not know of. */
const PICKED_ONLY: ProxyHandler<Record<number, number> & { length: number }> = {
  get(target, key) {
    if (typeof key === 'string' && key !== 'length' && !(key in target) && /^\d+$/.test(key))
      throw new Error(
        `a group's value at rank ${key} was read, but only the ranks of GROUP_PERCENTILES are kept`,
      );
    return Reflect.get(target, key);
  },
};

/** The first pass's result: each group's count of values. */
interface Counted {
  actionN: Int32Array;
  partitionN: Int32Array;
  trendN: Int32Array;
}

/** What a first pass over every row depends on besides the sorted column. */
interface PassShape {
  c: StreamColumns;
  column: Float64Array;
  actionRows: Int32Array | null;
  partitionRows: Int32Array | null;
  /** startMs/bucketMs/buckets, or '-' without a trend. */
  trend: string;
}
const allRows = new WeakMap<SortedColumn, { shape: PassShape; counted: Counted }>();

/** The first pass over every row of `sorted` for this plan, made once (the last plan's kept). */
function keptForAllRows(c: StreamColumns, sorted: SortedColumn, plan: WalkPlan, count: () => Counted) {
  const { action, partition, trend } = plan;
  const shape: PassShape = {
    c,
    column: plan.column,
    actionRows: action?.rowOfKey ?? null,
    partitionRows: partition?.rowOfKey ?? null,
    trend: trend ? `${trend.startMs}/${trend.bucketMs}/${trend.buckets}` : '-',
  };
  const kept = allRows.get(sorted);
  if (kept && sameShape(kept.shape, shape)) return kept.counted;
  const counted = count();
  allRows.set(sorted, { shape, counted });
  return counted;
}

/** Compared element by element: a partition per user makes 100k+ keys, no string is built per walk. */
function sameShape(a: PassShape, b: PassShape): boolean {
  const sameRows = (x: Int32Array | null, y: Int32Array | null) =>
    x === y || (x !== null && y !== null && x.length === y.length && x.every((v, i) => v === y[i]));
  return (
    a.c === b.c &&
    a.column === b.column &&
    a.trend === b.trend &&
    sameRows(a.actionRows, b.actionRows) &&
    sameRows(a.partitionRows, b.partitionRows)
  );
}

/** Puts value `v`, the next of group g in ascending order, where a statistic reads it. */
function pick(picks: Picks, g: number, v: number): void {
  const r = picks.seen[g] as number;
  picks.seen[g] = r + 1;
  const t = picks.next[g] as number;
  if (picks.ranks[t] === r) {
    picks.got[t] = v;
    picks.next[g] = t + 1;
  }
}

/**
 * One walk of a sorted column: the selection's values in ascending order, those of one timing
 * source too, and for each breakdown row and trend bucket asked for, the values its statistics
 * read. The sorted column holds no failed stream (sorted-column.ts). Each row's groups are read
 * by row from the dashboard's per-row tables (breakdownRowsOf, planTrend's bucketOf): made once
 * per dashboard in row order, they are small enough (2 bytes a row) to stay in cache when read in
 * the column's order. Gathering each attribute into the column's order instead (once per data
 * version) was as fast once made, but a cold first view at 1M streams spent ~150 ms making 42 MB
 * of them.
 *
 * Groups are not copied out whole: a first pass counts each group's values, a second keeps the
 * few ranks each group's statistics read (first, last, percentiles). At 1M streams copying them
 * filled ~70 MB of buffers per dashboard, most of a cold first view's fresh memory.
 * `all` (of a filtered selection) and `timing` (but that of every row without groups, kept per
 * data version) are in `scratch`'s arrays: read them before it is released.
 */
export function walkMetric(
  c: StreamColumns,
  sorted: SortedColumn,
  plan: WalkPlan,
  scratch: ScratchLease,
): WalkResult {
  const { rows, values } = sorted;
  const selected = plan.selected;
  // Every row selected: the selection's values are the column's (those of one timing source are
  // kept per data version); a walk without groups then has nothing left to do.
  const kept = selected === null ? values : null;
  if (kept !== null && !plan.action && !plan.partition && !plan.trend) {
    const timing = plan.timing
      ? valuesOfSource(sorted, plan.column, c, plan.timing.hooks === 1 ? 1 : 0)
      : null;
    return { all: kept, action: [], partition: [], trend: [], timing: timing ?? new Float64Array(0) };
  }
  // Flags read once: the loops then never read past an empty array (a slow path in V8).
  const wantAction = plan.action !== undefined;
  const wantPartition = plan.partition !== undefined;
  const wantTrend = plan.trend != null;
  const both = wantAction || wantPartition ? breakdownRowsOrThrow(plan) : new Uint16Array(0);
  const bucketOf = plan.trend?.bucketOf ?? new Uint16Array(0);
  // In locals: the loops below then unpack with constants, not module lookups (measured ~8% slower).
  const actionMask = ACTION_ROW_MASK;
  const partitionShift = PARTITION_ROW_SHIFT;
  // The rows of the column are those whose value is finite, of a stream that did not fail
  // (sortColumn): counted in row order, sequentially, rather than through the column's rows.
  const column = plan.column;
  const failed = c.failed;
  const count = (): Counted => {
    const actionN = new Int32Array(plan.action?.capacity.length ?? 0);
    const partitionN = new Int32Array(plan.partition?.capacity.length ?? 0);
    const trendN = new Int32Array(plan.trend?.n.length ?? 0);
    // A filtered walk with no groups (a timing source only) has nothing to count.
    if (!wantAction && !wantPartition && !wantTrend) return { actionN, partitionN, trendN };
    for (let i = 0; i < column.length; i++) {
      const v = column[i] as number;
      if (!(v - v === 0)) continue; // not finite
      if (selected === null ? failed[i] !== 0 : selected[i] !== 1) continue;
      if (wantAction) {
        const g = (both[i] as number) & actionMask;
        actionN[g] = (actionN[g] as number) + 1;
      }
      if (wantPartition) {
        const g = (both[i] as number) >> partitionShift;
        partitionN[g] = (partitionN[g] as number) + 1;
      }
      if (wantTrend) {
        const b = bucketOf[i] as number;
        trendN[b] = (trendN[b] as number) + 1;
      }
    }
    return { actionN, partitionN, trendN };
  };
  // First pass: each group's count of values. Of every row, they depend on the data version and
  // the plan only: kept per sorted column, so the all-streams dashboards after the first make one pass.
  const { actionN, partitionN, trendN } =
    selected === null ? keptForAllRows(c, sorted, plan, count) : count();
  const action = picksFor(actionN);
  const partition = picksFor(partitionN);
  const trend = picksFor(trendN);

  // Second pass: the selection's values, the timing source's, and each group's picks.
  const all = kept === null ? scratch.f64(values.length) : new Float64Array(0);
  let nAll = 0;
  const timing = plan.timing ? scratch.f64(plan.timing.capacity) : new Float64Array(0);
  const hooks = c.hooks;
  const wantHooks = plan.timing?.hooks ?? -1;
  const wantTiming = plan.timing !== undefined;
  const wantAll = kept === null;
  let nTiming = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k] as number;
    if (selected !== null && selected[i] !== 1) continue;
    const v = values[k] as number;
    if (wantAll) all[nAll++] = v;
    if (wantAction) pick(action, (both[i] as number) & actionMask, v);
    if (wantPartition) pick(partition, (both[i] as number) >> partitionShift, v);
    if (wantTrend) pick(trend, bucketOf[i] as number, v);
    if (wantTiming && hooks[i] === wantHooks) timing[nTiming++] = v;
  }
  // The first pass counted by the rule that makes a sorted column; had the column's rows been other
  // rows, some group would have missed ranks (silently wrong percentiles): a bug, said loudly.
  for (const picks of [action, partition, trend])
    if (!picks.seen.every((n, g) => n === picks.counts[g]))
      throw new Error('a sorted column does not hold the rows its column says (finite, not failed)');
  return {
    all: kept ?? all.subarray(0, nAll),
    action: wantAction ? groupsOf(action) : [],
    partition: wantPartition ? groupsOf(partition) : [],
    trend: wantTrend ? groupsOf(trend) : [],
    timing: timing.subarray(0, nTiming),
  };
}

function breakdownRowsOrThrow(plan: WalkPlan): Uint16Array {
  if (!plan.breakdownRows) throw new Error('a walk with breakdowns needs their rows (breakdownRowsOf)');
  return plan.breakdownRows;
}
