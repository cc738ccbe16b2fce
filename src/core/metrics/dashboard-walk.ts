import { actionRowOf, type BreakdownPlan, partitionRowOf, type TrendPlan } from './dashboard-groups';
import type { ScratchLease } from './scratch-arrays';
import { type SortedColumn, valuesOfSource } from './sorted-column';
import { percentileRanks } from './stats';
import type { StreamColumns } from './stream-columns';

export interface WalkPlan {
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
 * they read (first, last, each percentile's two neighbours: GROUP_PERCENTILES). Any other index
 * is undefined.
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
const GROUP_PERCENTILES = [50, 90, 95, 99];

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
    return out;
  });
}

/** The first pass's result: each group's count of values. */
interface Counted {
  actionN: Int32Array;
  partitionN: Int32Array;
  trendN: Int32Array;
}

const allRows = new WeakMap<SortedColumn, { key: string; counted: Counted }>();

/** The first pass over every row of `sorted` for the plan `key`, made once (the last plan's kept). */
function keptForAllRows(sorted: SortedColumn, key: string, count: () => Counted): Counted {
  const kept = allRows.get(sorted);
  if (kept?.key === key) return kept.counted;
  const counted = count();
  allRows.set(sorted, { key, counted });
  return counted;
}

/** What the first pass depends on besides the data: each key's row, the trend's buckets. */
function planKey(plan: WalkPlan): string {
  const { action, partition, trend } = plan;
  const buckets = trend ? `${trend.startMs}/${trend.bucketMs}/${trend.buckets}` : '-';
  return `${action?.rowOfKey.join(',') ?? '-'}|${partition?.rowOfKey.join(',') ?? '-'}|${buckets}`;
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
 * `all` and `timing` are in `scratch`'s arrays when the selection is filtered: read them before
 * it is released.
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
    const timing = plan.timing ? valuesOfSource(sorted, c, plan.timing.hooks === 1 ? 1 : 0) : null;
    return { all: kept, action: [], partition: [], trend: [], timing: timing ?? new Float64Array(0) };
  }
  // Flags read once: the loops then never read past an empty array (a slow path in V8).
  const wantAction = plan.action !== undefined;
  const wantPartition = plan.partition !== undefined;
  const wantTrend = plan.trend != null;
  const both = wantAction || wantPartition ? breakdownRowsOrThrow(plan) : new Uint16Array(0);
  const bucketOf = plan.trend?.bucketOf ?? new Uint16Array(0);
  const count = (): Counted => {
    const actionN = new Int32Array(plan.action?.capacity.length ?? 0);
    const partitionN = new Int32Array(plan.partition?.capacity.length ?? 0);
    const trendN = new Int32Array(plan.trend?.n.length ?? 0);
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k] as number;
      if (selected !== null && selected[i] !== 1) continue;
      if (wantAction) {
        const g = actionRowOf(both[i] as number);
        actionN[g] = (actionN[g] as number) + 1;
      }
      if (wantPartition) {
        const g = partitionRowOf(both[i] as number);
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
    selected === null ? keptForAllRows(sorted, planKey(plan), count) : count();
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
    if (wantAction) pick(action, actionRowOf(both[i] as number), v);
    if (wantPartition) pick(partition, partitionRowOf(both[i] as number), v);
    if (wantTrend) pick(trend, bucketOf[i] as number, v);
    if (wantTiming && hooks[i] === wantHooks) timing[nTiming++] = v;
  }
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
