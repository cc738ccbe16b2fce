import type { DashboardSelection } from './dashboard';
import type { SortedColumn } from './sorted-column';
import type { StreamColumns } from './stream-columns';

/**
 * The rows a trend series is made of, in time order: the selection's non-failed rows with a
 * stream start and a finite value of the metric, in stream-start order with the stream id breaking
 * ties (the order timeOrderedValues gives stream rows).
 *
 * What every selection starts from depends on the data version only, so it is made once per
 * version (kept with the sorted columns it comes from, as sorted-column.ts keeps their attributes):
 * every non-failed row in start order, and per metric those with a value and, for each position
 * of the metric's sorted column, that row's index among them. At 1M streams this took 30-90 ms of
 * every change-point request (a walk of the start column, a sort of each run of equal starts, a
 * mask of the rows with a value, a mark per row for the bucket walk); a request now filters the
 * kept rows by its selection, or for every stream takes them as they are.
 */
export interface TimeOrderedRows {
  /** The series' rows in time order. */
  rows: Int32Array;
  /**
   * For each position of the metric's sorted column, the index in `rows` of its row, −1 for a row
   * not in `rows`; null for a filtered selection (its indices would be a pass of their own).
   */
  indexOfSorted: Int32Array | null;
}

export function timeOrderedRows(
  c: StreamColumns,
  selection: DashboardSelection,
  sorted: SortedColumn,
): TimeOrderedRows {
  const all = withValues(c, startOrderOf(c, selection.sorted('startUs')), sorted);
  if (selection.rows === null) return all;
  const selected = new Uint8Array(c.n);
  for (let j = 0; j < selection.rows.length; j++) selected[selection.rows[j] as number] = 1;
  const rows = new Int32Array(all.rows.length);
  let m = 0;
  for (let k = 0; k < all.rows.length; k++) {
    const i = all.rows[k] as number;
    if (selected[i] === 1) rows[m++] = i;
  }
  return { rows: rows.subarray(0, m), indexOfSorted: null };
}

const startOrders = new WeakMap<SortedColumn, { c: StreamColumns; order: Int32Array }>();

/**
 * Every non-failed row with a stream start (the sorted start column's rows), in start order with
 * the stream id breaking ties: a sort of each run of equal starts only. Once per sorted start
 * column (so once per data version).
 */
function startOrderOf(c: StreamColumns, start: SortedColumn): Int32Array {
  const kept = startOrders.get(start);
  if (kept?.c === c) return kept.order;
  const order = new Int32Array(start.rows);
  // Runs of equal starts are found reading the sorted values in order (not one random read of
  // startUs per row).
  const starts = start.values;
  const m = order.length;
  for (let a = 0; a < m; ) {
    const t = starts[a] as number;
    let b = a + 1;
    while (b < m && starts[b] === t) b++;
    if (b - a > 1) order.subarray(a, b).sort((x, y) => (c.streamId[x] as number) - (c.streamId[y] as number));
    a = b;
  }
  startOrders.set(start, { c, order });
  return order;
}

const withValueOf = new WeakMap<SortedColumn, { order: Int32Array; value: TimeOrderedRows }>();

/** The rows of `order` with a finite value in `sorted`'s column, and their indices by sorted position: once per column and order. */
function withValues(c: StreamColumns, order: Int32Array, sorted: SortedColumn): TimeOrderedRows {
  const kept = withValueOf.get(sorted);
  if (kept?.order === order) return kept.value;
  // The rows with a finite value are the sorted column's (−2); each of those in `order` gets its index.
  const index = new Int32Array(c.n).fill(-1);
  for (let k = 0; k < sorted.rows.length; k++) index[sorted.rows[k] as number] = -2;
  const rows = new Int32Array(order.length);
  let m = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (index[i] === -2) {
      index[i] = m;
      rows[m++] = i;
    }
  }
  const indexOfSorted = new Int32Array(sorted.rows.length);
  for (let p = 0; p < sorted.rows.length; p++) {
    const x = index[sorted.rows[p] as number] as number;
    indexOfSorted[p] = x >= 0 ? x : -1;
  }
  const value = { rows: rows.slice(0, m), indexOfSorted };
  withValueOf.set(sorted, { order, value });
  return value;
}
