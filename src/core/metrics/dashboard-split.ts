import { appIdOf } from './app-table';
import { type PercentileRank, percentileRankSorted } from './percentile-rank';
import type { ScratchLease } from './scratch-arrays';
import type { StreamColumns } from './stream-columns';
import { topKeys } from './top-keys';

/*
 * The dashboard's per-stream charts: the generation/consumer split bars (the top MAX_SPLIT_BARS by
 * the chosen sort) and the bottleneck scatter (an even sample of at most MAX_SCATTER_POINTS).
 */

const MAX_SPLIT_BARS = 300;
const MAX_SCATTER_POINTS = 2000;

export type SplitSort = 'total' | 'generation' | 'consumer' | 'share';

interface SplitBar {
  streamId: number;
  appRef: number;
  appId: string;
  sequenceId: number;
  action: string | null;
  generationMs: number;
  consumerMs: number;
  ttftMs: number | null;
  ttftRank: PercentileRank | null;
}

export function splitAndScatter(
  c: StreamColumns,
  rows: Int32Array,
  sort: SplitSort,
  sortedTtft: Float64Array,
  scratch: ScratchLease,
): { split: { bars: SplitBar[]; total: number }; scatter: SplitBar[] } {
  const idx = scratch.i32(rows.length);
  const keys = scratch.f64(rows.length);
  let m = 0;
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j] as number;
    const g = c.generation[i] as number;
    const k = c.consumer[i] as number;
    if (c.failed[i] !== 0 || !Number.isFinite(g) || !Number.isFinite(k)) continue;
    idx[m] = i;
    keys[m] =
      sort === 'generation'
        ? g
        : sort === 'consumer'
          ? k
          : sort === 'share'
            ? g + k > 0
              ? g / (g + k)
              : 0
            : g + k;
    m++;
  }
  const bar = (i: number): SplitBar => ({
    streamId: c.streamId[i] as number,
    appRef: c.appRef[i] as number,
    appId: appIdOf(c.apps, c.appRef[i] as number) ?? '',
    sequenceId: c.sequenceId[i] as number,
    action: (c.actionIdx[i] as number) >= 0 ? (c.actions[c.actionIdx[i] as number] ?? null) : null,
    generationMs: c.generation[i] as number,
    consumerMs: c.consumer[i] as number,
    ttftMs: Number.isFinite(c.ttft[i]) ? (c.ttft[i] as number) : null,
    ttftRank: percentileRankSorted(sortedTtft, c.ttft[i] as number),
  });
  // Only the top bars are drawn (equal keys in row order, as a stable sort of every bar put them).
  const top = topKeys(keys, m, MAX_SPLIT_BARS);
  // An even stride keeps the scatter's shape while bounding the marks drawn.
  const stride = Math.max(1, Math.ceil(m / MAX_SCATTER_POINTS));
  const scatter: SplitBar[] = [];
  for (let j = 0; j < m; j += stride) scatter.push(bar(idx[j] as number));
  return {
    split: { bars: top.map((j) => bar(idx[j] as number)), total: m },
    scatter,
  };
}
