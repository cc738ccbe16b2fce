/**
 * A column's finite values of the streams that did not fail, in ascending order, each with the row
 * it came from. Sorted once per snapshot (see sorted-orders.ts), it answers any selection's sorted
 * values with one O(N) walk over a row mask: exact percentiles, CDFs and histograms without
 * sorting per request. Failed streams are left out when sorting because every statistic leaves
 * them out: the all-streams selection's values are then `values` as they are, with no per-version
 * copy or flag array to make (fresh memory is slow to touch on some VMs; bench/README.md).
 */
export interface SortedColumn {
  /** Rows that did not fail and whose value is finite, by ascending value. */
  rows: Uint32Array;
  /** values[k] = column[rows[k]]: the walk then reads values sequentially. */
  values: Float64Array;
}

// 16-bit digits, four passes: measured faster at 1M values than six 11-bit passes.
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const PASSES = [0, 16, 0, 16];

/**
 * Sorts the finite values of `column` with their rows, leaving out the rows `failed` flags (null:
 * none): an LSD radix sort on the IEEE-754 bits (made to order as unsigned integers: sign
 * bit flipped for positives, every bit for negatives), four 16-bit passes, skipping a pass when
 * every key shares its digit. The values come out in the order Float64Array#sort gives (-0 before
 * +0), bit for bit the same numbers.
 */
export function sortColumn(column: Float64Array, failed: Uint8Array | null): SortedColumn {
  const n0 = column.length;
  const kept = (i: number) => Number.isFinite(column[i]) && (failed === null || failed[i] === 0);
  let n = 0;
  for (let i = 0; i < n0; i++) if (kept(i)) n++;
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let rows = new Uint32Array(n);
  const scratch = new Float64Array(1);
  const bits = new Uint32Array(scratch.buffer);
  let k = 0;
  for (let i = 0; i < n0; i++) {
    if (!kept(i)) continue;
    scratch[0] = column[i] as number;
    let h = bits[1] as number;
    let l = bits[0] as number;
    if (h >>> 31) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    hi[k] = h;
    lo[k] = l;
    rows[k] = i;
    k++;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let rows2 = new Uint32Array(n);
  const count = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < PASSES.length; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = PASSES[pass] as number;
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((word[i] as number) >>> shift) & (BUCKETS - 1);
      count[d] = (count[d] as number) + 1;
    }
    // One digit for every key: this pass would not move anything.
    if (n === 0 || count[((word[0] as number) >>> shift) & (BUCKETS - 1)] === n) continue;
    let sum = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const c = count[d] as number;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const d = ((word[i] as number) >>> shift) & (BUCKETS - 1);
      const to = count[d] as number;
      count[d] = to + 1;
      hi2[to] = hi[i] as number;
      lo2[to] = lo[i] as number;
      rows2[to] = rows[i] as number;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [rows, rows2] = [rows2, rows];
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = column[rows[i] as number] as number;
  return { rows, values };
}

/**
 * Rows sorted into groups for one walk: `code[row]` is the row's group + 1 (0: not in any group),
 * `capacity[g]` at least the number of rows of group g (an upper bound: rows whose value is not
 * finite are not in the sorted column). A mask is a grouping of one group.
 */
export interface Grouping {
  code: Uint16Array | Int32Array;
  capacity: ArrayLike<number>;
}

/** Codes for `groups` groups over `n` rows: 16 bits (cache-friendlier) unless there are more groups. */
export function groupCodes(n: number, groups: number): Uint16Array | Int32Array {
  return groups < 0xffff ? new Uint16Array(n) : new Int32Array(n);
}

/**
 * The sorted values of every group of every grouping, in one walk of the sorted column: each
 * value lands in its groups in ascending order, so every group comes out sorted without a sort.
 * Result[i][g] is grouping i's group g.
 */
export function walkSorted(sorted: SortedColumn, groupings: readonly Grouping[]): Float64Array[][] {
  const { rows, values } = sorted;
  const buffers: Float64Array[] = [];
  const starts: Int32Array[] = [];
  const fills: Int32Array[] = [];
  for (const g of groupings) {
    const start = new Int32Array(g.capacity.length);
    let total = 0;
    for (let k = 0; k < g.capacity.length; k++) {
      start[k] = total;
      total += g.capacity[k] as number;
    }
    buffers.push(new Float64Array(total));
    starts.push(start);
    fills.push(start.slice());
  }
  // One walk per grouping: a fused walk filling four groupings at once was measured slower.
  for (let i = 0; i < groupings.length; i++) {
    const g = groupings[i] as Grouping;
    walkOne(rows, values, g.code, buffers[i] as Float64Array, fills[i] as Int32Array, g.capacity.length);
  }
  return groupings.map((g, i) =>
    Array.from({ length: g.capacity.length }, (_, k) =>
      (buffers[i] as Float64Array).subarray((starts[i] as Int32Array)[k], (fills[i] as Int32Array)[k]),
    ),
  );
}

function walkOne(
  rows: Uint32Array,
  values: Float64Array,
  code: Uint16Array | Int32Array,
  buffer: Float64Array,
  fill: Int32Array,
  groups: number,
): void {
  if (groups === 1) {
    // A mask: a counter in a local rather than in memory.
    let at = 0;
    for (let k = 0; k < rows.length; k++)
      if (code[rows[k] as number] === 1) buffer[at++] = values[k] as number;
    fill[0] = at;
    return;
  }
  for (let k = 0; k < rows.length; k++) {
    const c = code[rows[k] as number] as number;
    if (c === 0) continue;
    const at = fill[c - 1] as number;
    buffer[at] = values[k] as number;
    fill[c - 1] = at + 1;
  }
}

const ofSource = new WeakMap<SortedColumn, Map<number, Float64Array>>();

/**
 * The sorted column's values of one timing source (`hooks` 1: streams with hook timing, 0: legacy
 * logs): the all-streams selection's sorted values of that source, made once per sorted column
 * (so once per data version). Callers only read them.
 */
export function valuesOfSource(
  sorted: SortedColumn,
  /** The column `sorted` sorts, and the flags of its rows. */
  column: Float64Array,
  c: { hooks: Uint8Array; failed: Uint8Array },
  hooks: 0 | 1,
): Float64Array {
  let kept = ofSource.get(sorted);
  if (!kept) {
    kept = new Map();
    ofSource.set(sorted, kept);
  }
  let out = kept.get(hooks);
  if (!out) {
    const { rows, values } = sorted;
    const source = c.hooks;
    const failed = c.failed;
    // Counted first, so the one array made is of the right length: fresh memory is slow to touch
    // the first time on some VMs (bench/README.md), and a copy to size would touch it twice. In row
    // order, sequentially: the column's rows are those with a finite value that did not fail.
    let count = 0;
    for (let i = 0; i < column.length; i++) {
      const v = column[i] as number;
      if (v - v === 0 && failed[i] === 0 && source[i] === hooks) count++;
    }
    // Every value of that source: the column's own values, nothing to copy.
    if (count === values.length) out = values;
    else {
      out = new Float64Array(count);
      let n = 0;
      for (let k = 0; k < rows.length; k++)
        if (source[rows[k] as number] === hooks) out[n++] = values[k] as number;
    }
    kept.set(hooks, out);
  }
  return out;
}
