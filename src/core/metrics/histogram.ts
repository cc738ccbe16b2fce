import type { CdfData } from '../../shared/schemas/chart-data';
import { percentile, sortedFinite } from './stats';

export interface HistogramOptions {
  /** Number of bins; default chosen from the data (see defaultBinCount). */
  bins?: number;
  /** log10-spaced edges over the positive values (latencies span decades). */
  log?: boolean;
  /**
   * Fixed [min, max] range, e.g. to give several groups the same edges so their bars line up.
   * Values outside it are not counted (they add to `excluded`).
   */
  range?: readonly [number, number];
  /** The values are already finite and ascending (e.g. from sortedFinite): skip the sort. */
  presorted?: boolean;
}

export interface Histogram {
  /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last bin also holds its upper edge. */
  edges: number[];
  counts: number[];
  log: boolean;
  /** Values left out: non-finite, outside `range`, or not positive in log mode. */
  excluded: number;
}

/** Lower and upper clamps of the automatic bin count: fewer says nothing, more is noise on a chart. */
export const MIN_AUTO_BINS = 5;
export const MAX_AUTO_BINS = 60;

/**
 * Bin count for ascending values: Freedman–Diaconis (width 2·IQR·n^(-1/3)), which copes with the
 * long tails latencies have; Sturges (log2 n + 1) when the IQR is 0 (many equal values), clamped to
 * MIN_AUTO_BINS..MAX_AUTO_BINS.
 */
export function defaultBinCount(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n < 2) return MIN_AUTO_BINS;
  const span = (sorted[n - 1] as number) - (sorted[0] as number);
  const iqr = (percentile(sorted, 75) as number) - (percentile(sorted, 25) as number);
  let bins: number;
  if (iqr > 0 && span > 0) {
    const width = 2 * iqr * n ** (-1 / 3);
    bins = Math.ceil(span / width);
  } else {
    bins = Math.ceil(Math.log2(n)) + 1;
  }
  return Math.min(MAX_AUTO_BINS, Math.max(MIN_AUTO_BINS, bins));
}

function emptyHistogram(log: boolean, excluded: number): Histogram {
  return { edges: [], counts: [], log, excluded };
}

/**
 * Equal-width (or, in log mode, equal-ratio) bins ready for a bar chart, so the renderer draws at
 * most a few dozen bars however many streams there are.
 */
export function histogram(values: ArrayLike<number>, opts: HistogramOptions = {}): Histogram {
  const log = opts.log ?? false;
  if (opts.presorted && !opts.range) return histogramOfSorted(values, log, opts.bins);
  // Presorted values are only read (subarray, map and filter make new arrays): no copy needed.
  const all = opts.presorted
    ? values instanceof Float64Array
      ? values
      : Float64Array.from(values)
    : sortedFinite(values);
  let excluded = values.length - all.length;

  // In log mode work in log10 space throughout: bin count, edges and assignment.
  let start = 0;
  if (log) {
    while (start < all.length && (all[start] as number) <= 0) start++;
    excluded += start;
  }
  let sorted = start > 0 ? all.subarray(start) : all;
  if (log) sorted = sorted.map(Math.log10);

  let lo: number;
  let hi: number;
  if (opts.range) {
    const [rlo, rhi] = opts.range;
    if (!(Number.isFinite(rlo) && Number.isFinite(rhi) && rhi >= rlo)) {
      throw new RangeError(`histogram: range must be finite [min, max], got [${rlo}, ${rhi}]`);
    }
    if (log && rlo <= 0) throw new RangeError('histogram: a log range must be positive');
    lo = log ? Math.log10(rlo) : rlo;
    hi = log ? Math.log10(rhi) : rhi;
    const inside = sorted.filter((v) => v >= lo && v <= hi);
    excluded += sorted.length - inside.length;
    sorted = inside;
  } else {
    if (sorted.length === 0) return emptyHistogram(log, excluded);
    lo = sorted[0] as number;
    hi = sorted[sorted.length - 1] as number;
  }
  if (lo === hi) {
    // numpy's choice for a single distinct value: one unit either side (a decade around it in log mode).
    lo -= 0.5;
    hi += 0.5;
  }

  const bins = Math.max(1, Math.floor(opts.bins ?? defaultBinCount(sorted)));
  const step = (hi - lo) / bins;
  const scaled: number[] = [];
  // lo + span·i/bins rather than lo + i·step: 0.3 stays 0.3, not 0.30000000000000004.
  for (let i = 0; i <= bins; i++) scaled.push(i === bins ? hi : lo + ((hi - lo) * i) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < sorted.length; k++) {
    const v = sorted[k] as number;
    let idx = Math.min(bins - 1, Math.floor((v - lo) / step));
    // Float rounding can put a value that sits exactly on an edge one bin off; edges are the truth.
    if (idx > 0 && v < (scaled[idx] as number)) idx--;
    else if (idx < bins - 1 && v >= (scaled[idx + 1] as number)) idx++;
    counts[idx] = (counts[idx] as number) + 1;
  }
  const edges = log ? scaled.map((e) => 10 ** e) : scaled;
  return { edges, counts, log, excluded };
}

/**
 * histogram() of ascending finite values without a pass per value: a value's bin (the floor of
 * its offset over the width, corrected against the edges) never decreases as the value grows, so
 * each bin's count is the distance between two binary searches, evaluated with the same
 * arithmetic as the loop in histogram() (log10 taken only of the values probed). At 1M values
 * this is a few hundred evaluations instead of a million.
 */
function histogramOfSorted(values: ArrayLike<number>, log: boolean, binsOpt: number | undefined): Histogram {
  let start = 0;
  if (log) while (start < values.length && (values[start] as number) <= 0) start++;
  const n = values.length - start;
  if (n === 0) return emptyHistogram(log, start);
  const at = log
    ? (i: number): number => Math.log10(values[start + i] as number)
    : (i: number): number => values[start + i] as number;
  let lo = at(0);
  let hi = at(n - 1);
  // defaultBinCount of the (log) values, read through `at`.
  let bins: number;
  if (binsOpt !== undefined) bins = Math.max(1, Math.floor(binsOpt));
  else if (n < 2) bins = MIN_AUTO_BINS;
  else {
    const view = { length: n, at };
    const span = hi - lo;
    const iqr = (percentileAt(view, 75) as number) - (percentileAt(view, 25) as number);
    let b: number;
    if (iqr > 0 && span > 0) b = Math.ceil(span / (2 * iqr * n ** (-1 / 3)));
    else b = Math.ceil(Math.log2(n)) + 1;
    bins = Math.max(1, Math.floor(Math.min(MAX_AUTO_BINS, Math.max(MIN_AUTO_BINS, b))));
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  const scaled: number[] = [];
  for (let i = 0; i <= bins; i++) scaled.push(i === bins ? hi : lo + ((hi - lo) * i) / bins);
  const binOf = (v: number): number => {
    let idx = Math.min(bins - 1, Math.floor((v - lo) / step));
    if (idx > 0 && v < (scaled[idx] as number)) idx--;
    else if (idx < bins - 1 && v >= (scaled[idx + 1] as number)) idx++;
    return idx;
  };
  // first[b]: the first index whose bin is >= b (bins never decrease along sorted values).
  const firstAtLeast = (b: number): number => {
    let a = 0;
    let z = n;
    while (a < z) {
      const mid = (a + z) >>> 1;
      if (binOf(at(mid)) < b) a = mid + 1;
      else z = mid;
    }
    return a;
  };
  const counts: number[] = [];
  let from = 0;
  for (let b = 0; b < bins; b++) {
    const to = b === bins - 1 ? n : firstAtLeast(b + 1);
    counts.push(to - from);
    from = to;
  }
  const edges = log ? scaled.map((e) => 10 ** e) : scaled;
  return { edges, counts, log, excluded: start };
}

/** stats.percentile over values read through `at` (the same arithmetic). */
function percentileAt(v: { length: number; at: (i: number) => number }, p: number): number | null {
  const n = v.length;
  if (n === 0) return null;
  const rank = (n - 1) * (p / 100);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, n - 1);
  const t = rank - lo;
  const a = v.at(lo);
  const b = v.at(hi);
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** A point of an empirical CDF: `p` is the fraction of values <= x (the contract's shape). */
export type CdfPoint = CdfData[number];

/**
 * The empirical CDF as at most `maxPoints` points (first and last value always included), so a
 * chart of 100k streams still draws a few hundred marks. Ties collapse to one point at their
 * highest rank, which is the step's true height.
 */
export function cdfPoints(values: ArrayLike<number>, maxPoints = 512, presorted = false): CdfPoint[] {
  const sorted = presorted ? values : sortedFinite(values);
  const n = sorted.length;
  if (n === 0) return [];
  const want = Math.max(2, Math.floor(maxPoints));
  const out: CdfPoint[] = [];
  // Highest rank already emitted: sampled ranks inside one run of ties are skipped, so the walk over
  // ties costs O(n) in total rather than per sampled point.
  let done = -1;
  const push = (i: number): void => {
    if (i <= done) return;
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    done = j;
    out.push({ x: sorted[j] as number, p: (j + 1) / n });
  };
  if (n <= want) {
    for (let i = 0; i < n; i++) push(i);
  } else {
    for (let k = 0; k < want; k++) push(Math.round((k * (n - 1)) / (want - 1)));
  }
  return out;
}
