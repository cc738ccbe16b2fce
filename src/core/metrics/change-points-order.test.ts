import { describe, expect, it } from 'vitest';
import { timeOrderedRows } from './change-points-order';
import { type DashboardSelection, sortingSelection } from './dashboard';
import { mulberry32 } from './random';
import { sortColumn } from './sorted-column';
import type { StreamColumns } from './stream-columns';
import { summarizeBySorted } from './summarize-by-sorted';

/** Columns with many equal starts, failed rows, rows without a start or a value, ids out of row order. */
function columns(n: number, rng: () => number): StreamColumns {
  const ids = Array.from({ length: n }, (_, i) => i + 1).sort(() => rng() - 0.5);
  return {
    n,
    streamId: Float64Array.from(ids),
    startUs: Float64Array.from({ length: n }, () =>
      rng() < 0.05 ? Number.NaN : Math.floor(rng() * 40) * 1e6,
    ),
    failed: Uint8Array.from({ length: n }, () => (rng() < 0.1 ? 1 : 0)),
    ttft: Float64Array.from({ length: n }, () => (rng() < 0.1 ? Number.NaN : Math.round(rng() * 30) - 3)),
  } as unknown as StreamColumns;
}

/** The series' rows as timeOrderedValues orders stream rows: filter, then sort by start and stream id. */
function bySorting(c: StreamColumns, rows: Int32Array | null): number[] {
  const all = rows ? Array.from(rows) : Array.from({ length: c.n }, (_, i) => i);
  return all
    .filter((i) => c.failed[i] === 0 && Number.isFinite(c.startUs[i]) && Number.isFinite(c.ttft[i]))
    .sort(
      (a, b) =>
        (c.startUs[a] as number) - (c.startUs[b] as number) ||
        (c.streamId[a] as number) - (c.streamId[b] as number),
    );
}

describe('timeOrderedRows', () => {
  it('gives the series rows in start order, stream id breaking ties, for every stream and for selections, and keeps what every selection starts from', () => {
    const rng = mulberry32(5);
    for (let trial = 0; trial < 20; trial++) {
      const c = columns(200 + Math.floor(rng() * 800), rng);
      const selection = sortingSelection(c);
      const sorted = selection.sorted('ttft');
      const all = timeOrderedRows(c, selection, sorted);
      expect(Array.from(all.rows)).toEqual(bySorting(c, null));
      // Each sorted position's index in the rows (−1 for a row not in them).
      const at = new Map(Array.from(all.rows, (row, k) => [row, k]));
      expect(Array.from(all.indexOfSorted ?? [])).toEqual(
        Array.from(sorted.rows, (row) => at.get(row) ?? -1),
      );
      // Asked again for the same data version: the very arrays kept.
      expect(timeOrderedRows(c, selection, sorted)).toBe(all);
      const picked = Int32Array.from({ length: c.n }, (_, i) => i).filter(() => rng() < 0.4);
      const some: DashboardSelection = { rows: picked, sorted: selection.sorted };
      const part = timeOrderedRows(c, some, sorted);
      expect(Array.from(part.rows)).toEqual(bySorting(c, picked));
      expect(part.indexOfSorted).toBeNull();
    }
  });
});

describe('summarizeBySorted with the sorted positions’ indices', () => {
  it('gives every range what the walk marking rows gives, for bucket cuts and for any other cuts', () => {
    const rng = mulberry32(8);
    for (let trial = 0; trial < 20; trial++) {
      const c = columns(300 + Math.floor(rng() * 700), rng);
      const selection = sortingSelection(c);
      const sorted = sortColumn(c.ttft, c.failed);
      const { rows, indexOfSorted } = timeOrderedRows(c, selection, sorted);
      const m = rows.length;
      const buckets = 3 + Math.floor(rng() * 20);
      const cuts = Array.from({ length: buckets + 1 }, (_, b) => Math.floor((b * m) / buckets));
      const odd = [0, 1, Math.floor(m / 3), Math.floor(m / 3), m - 1, m];
      for (const c2 of [cuts, odd, [5, m - 5], [0, m]]) {
        const indexed = summarizeBySorted(c.n, rows, sorted, indexOfSorted);
        const marked = summarizeBySorted(c.n, rows, sorted);
        expect({ trial, c2, got: indexed(c2) }).toEqual({ trial, c2, got: marked(c2) });
      }
    }
  });
});
