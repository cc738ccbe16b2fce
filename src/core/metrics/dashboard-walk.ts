import type { BreakdownPlan, TrendPlan } from './dashboard-groups';
import type { ScratchLease } from './scratch-arrays';
import { inSortedOrder, type SortedColumn, valuesOfSource } from './sorted-column';
import type { StreamColumns } from './stream-columns';

export interface WalkPlan {
  /** Mask (1) of the selected, non-failed rows; null: every non-failed row. */
  selected: Uint16Array | null;
  action?: BreakdownPlan;
  partition?: BreakdownPlan;
  trend?: TrendPlan | null;
  /** Also collect the values of one timing source (1 hooks, 0 legacy). */
  timing?: { hooks: number; capacity: number };
}

export interface WalkResult {
  all: Float64Array;
  action: Float64Array[];
  partition: Float64Array[];
  trend: Float64Array[];
  timing: Float64Array;
}

/** Flat storage for groups of known capacities, filled in ascending order. */
function groupBuffers(capacity: ArrayLike<number>, scratch: ScratchLease) {
  const start = new Int32Array(capacity.length);
  let total = 0;
  for (let g = 0; g < capacity.length; g++) {
    start[g] = total;
    total += capacity[g] as number;
  }
  const buffer = scratch.f64(total);
  const fill = start.slice();
  return {
    buffer,
    fill,
    groups: () => Array.from(start, (from, g) => buffer.subarray(from, fill[g] as number)),
  };
}

/**
 * One walk of a sorted column: the selection's values, and those of each breakdown row, trend
 * bucket and timing source asked for, each in ascending order. The sorted column holds no failed
 * stream (sorted-column.ts). The rows' keys and start times are read in the column's order
 * (inSortedOrder), sequentially; only a filtered selection's mask is read row by row. The values are in `scratch`'s arrays: read them before it is released.
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
  const all = kept === null ? scratch.f64(values.length) : new Float64Array(0);
  let nAll = 0;
  const none = new Int32Array(0);
  const action = plan.action ? groupBuffers(plan.action.capacity, scratch) : null;
  const actionS = plan.action ? inSortedOrder(sorted, c, 'actionIdx') : none;
  const actionRow = plan.action?.rowOfKey ?? none;
  const partition = plan.partition ? groupBuffers(plan.partition.capacity, scratch) : null;
  const partitionS = plan.partition ? inSortedOrder(sorted, c, 'partitionIdx') : none;
  const partitionRow = plan.partition?.rowOfKey ?? none;
  const trend = plan.trend ? groupBuffers(plan.trend.n, scratch) : null;
  // Each row's start in the column's order (kept per sorted column): read in order, the bucket
  // worked out again (measured faster than reading a per-row bucket code at random).
  const startS = plan.trend ? inSortedOrder(sorted, c, 'startUs') : new Float64Array(0);
  const { startMs = 0, bucketMs = 1, buckets = 0 } = plan.trend ?? {};
  const timing = plan.timing ? scratch.f64(plan.timing.capacity) : new Float64Array(0);
  const hooksS = plan.timing ? inSortedOrder(sorted, c, 'hooks') : new Uint8Array(0);
  // Flags read once: the loop then never reads past an empty array (a slow path in V8).
  const wantHooks = plan.timing?.hooks ?? -1;
  const wantTiming = plan.timing !== undefined;
  const wantAll = kept === null;
  let nTiming = 0;
  for (let k = 0; k < rows.length; k++) {
    if (selected !== null && selected[rows[k] as number] !== 1) continue;
    const v = values[k] as number;
    if (wantAll) all[nAll++] = v;
    if (action !== null) {
      const g = actionRow[(actionS[k] as number) + 1] as number;
      const at = action.fill[g] as number;
      action.buffer[at] = v;
      action.fill[g] = at + 1;
    }
    if (partition !== null) {
      const g = partitionRow[(partitionS[k] as number) + 1] as number;
      const at = partition.fill[g] as number;
      partition.buffer[at] = v;
      partition.fill[g] = at + 1;
    }
    if (trend !== null) {
      // planTrend's very formula: the same bucket for the same start.
      const t = startS[k] as number;
      const b = Number.isFinite(t)
        ? Math.min(buckets - 1, Math.floor((t / 1000 - startMs) / bucketMs))
        : buckets;
      const at = trend.fill[b] as number;
      trend.buffer[at] = v;
      trend.fill[b] = at + 1;
    }
    if (wantTiming && hooksS[k] === wantHooks) timing[nTiming++] = v;
  }
  return {
    all: kept ?? all.subarray(0, nAll),
    action: action?.groups() ?? [],
    partition: partition?.groups() ?? [],
    trend: trend?.groups() ?? [],
    timing: timing.subarray(0, nTiming),
  };
}
