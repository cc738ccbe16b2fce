import type { SegmentSummary, SummarizeRanges } from './regressions';
import { groupCodes, type SortedColumn } from './sorted-column';
import { percentile } from './stats';

/** Each range's values as positions in the sorted column, ascending: range g is positions[start[g], end[g]). */
interface RangePositions {
  cuts: readonly number[];
  positions: Uint32Array;
  start: Int32Array;
  end: Int32Array;
}

/**
 * The p50/p90 of ranges of one series' time-ordered values without a quickselect per range: each
 * row is marked with its range, then one walk of the column sorted once per data version hands
 * every range its values in order (as positions in the sorted column). The same numbers as
 * summarizeRanges (percentile of sorted values = the quickselect's).
 *
 * The first call (the bucket series) keeps its ranges' positions. A later call whose cuts are among
 * those (the change points' segments are runs of whole buckets) needs no walk: a segment's k-th
 * smallest value is the one at the smallest sorted position P with k + 1 of the segment's
 * positions ≤ P, found by bisection over P with a binary search per bucket. The very value the
 * walk would put k-th (ties included: the walk orders by sorted position too).
 */
export function summarizeBySorted(
  n: number,
  rowsInTimeOrder: Int32Array,
  sorted: SortedColumn,
  indexOfSorted: Int32Array | null = null,
): SummarizeRanges {
  let kept: RangePositions | null = null;
  return (cuts) => {
    const segments = kept ? segmentsOf(kept, cuts) : null;
    if (kept && segments)
      return segments.map((buckets) => summaryOfBuckets(kept as RangePositions, sorted, buckets));
    const walked = indexOfSorted
      ? walkIndexed(indexOfSorted, cuts)
      : walkRanges(n, rowsInTimeOrder, sorted, cuts);
    kept ??= walked;
    return Array.from(walked.start, (from, g) => {
      const count = (walked.end[g] as number) - from;
      return summary(count, (k) => sorted.values[walked.positions[from + k] as number] as number);
    });
  };
}

function summary(count: number, at: (k: number) => number): SegmentSummary {
  // percentile reads the length and two elements: a view computes just those.
  const view = new Proxy({ length: count } as ArrayLike<number>, {
    get: (target, key) => (typeof key === 'string' && key !== 'length' ? at(Number(key)) : target.length),
  });
  return { p50: percentile(view, 50), p90: percentile(view, 90), n: count };
}

function walkRanges(
  n: number,
  rowsInTimeOrder: Int32Array,
  sorted: SortedColumn,
  cuts: readonly number[],
): RangePositions {
  const ranges = Math.max(0, cuts.length - 1);
  const code = groupCodes(n, ranges);
  const start = new Int32Array(ranges);
  for (let g = 0; g < ranges; g++) {
    const from = cuts[g] as number;
    const to = cuts[g + 1] as number;
    start[g] = from - (cuts[0] as number);
    for (let k = from; k < to; k++) code[rowsInTimeOrder[k] as number] = g + 1;
  }
  const positions = new Uint32Array(ranges > 0 ? (cuts[ranges] as number) - (cuts[0] as number) : 0);
  const end = start.slice();
  const rows = sorted.rows;
  for (let k = 0; k < rows.length; k++) {
    const c = code[rows[k] as number] as number;
    if (c === 0) continue;
    const at = end[c - 1] as number;
    positions[at] = k;
    end[c - 1] = at + 1;
  }
  return { cuts: [...cuts], positions, start, end };
}

/**
 * walkRanges with each sorted position's index in the time order given (`indexOfSorted`, −1: not
 * in it): the range of an index is found from the cuts, so no row is marked and no row attribute is
 * read at random; the same positions in the same order (ascending, as the walk finds them).
 */
function walkIndexed(indexOfSorted: Int32Array, cuts: readonly number[]): RangePositions {
  const ranges = Math.max(0, cuts.length - 1);
  const lo = cuts[0] ?? 0;
  const hi = cuts[ranges] ?? 0;
  const start = new Int32Array(ranges);
  for (let g = 0; g < ranges; g++) start[g] = (cuts[g] as number) - lo;
  const positions = new Uint32Array(ranges > 0 ? hi - lo : 0);
  const end = start.slice();
  const cut = Int32Array.from(cuts);
  // Equal-count buckets: the range of index k is ⌊(k − lo)·ranges / (hi − lo)⌋ or next to it.
  const scale = ranges / Math.max(1, hi - lo);
  for (let p = 0; p < indexOfSorted.length; p++) {
    const k = indexOfSorted[p] as number;
    if (k < lo || k >= hi) continue;
    let g = Math.min(ranges - 1, Math.floor((k - lo) * scale));
    while (k >= (cut[g + 1] as number)) g++;
    while (k < (cut[g] as number)) g--;
    const at = end[g] as number;
    positions[at] = p;
    end[g] = at + 1;
  }
  return { cuts: [...cuts], positions, start, end };
}

/** The kept ranges [a, b) making up each range of `cuts`; null when a cut is not a kept one. */
function segmentsOf(kept: RangePositions, cuts: readonly number[]): [number, number][] | null {
  const index = new Map(kept.cuts.map((cut, i) => [cut, i]));
  const at = cuts.map((cut) => index.get(cut));
  if (at.some((i, k) => i === undefined || (k > 0 && i <= (at[k - 1] as number)))) return null;
  return at.slice(1).map((b, k) => [at[k] as number, b as number]);
}

function summaryOfBuckets(
  kept: RangePositions,
  sorted: SortedColumn,
  [a, b]: [number, number],
): SegmentSummary {
  let count = 0;
  for (let g = a; g < b; g++) count += (kept.end[g] as number) - (kept.start[g] as number);
  // Positions ≤ p among the segment's buckets.
  const atMost = (p: number): number => {
    let total = 0;
    for (let g = a; g < b; g++) {
      let lo = kept.start[g] as number;
      let hi = kept.end[g] as number;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((kept.positions[mid] as number) <= p) lo = mid + 1;
        else hi = mid;
      }
      total += lo - (kept.start[g] as number);
    }
    return total;
  };
  return summary(count, (k) => {
    let lo = 0;
    let hi = sorted.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (atMost(mid) >= k + 1) hi = mid;
      else lo = mid + 1;
    }
    return sorted.values[lo] as number;
  });
}
