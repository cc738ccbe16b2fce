import { leaseScratch } from './scratch-arrays';
import { type SortedColumn, sortColumn } from './sorted-column';
import type { StreamColumns } from './stream-columns';

/** The snapshot columns dashboards read in sorted order. */
export const SORTED_KEYS = [
  'ttft',
  'generation',
  'consumer',
  'genShare',
  'interItem',
  'itemsPerS',
  'legacyMsPerItem',
  'startUs',
] as const satisfies readonly (keyof StreamColumns)[];

export type SortedKey = (typeof SORTED_KEYS)[number];

/** Above this share of changed rows a full sort is cheaper than deriving from the last version. */
const MAX_DERIVED_CHANGE = 0.25;

interface Version {
  snapshot: StreamColumns;
  columns: Map<SortedKey, SortedColumn>;
}

/**
 * Sorted columns known for a snapshot outside any SortedOrders: read with it from its saved file,
 * or made by the worker that loaded it (store/facts-snapshot-orders.ts). A SortedOrders starting on
 * that snapshot takes them as they are (a start then sorts nothing); what it makes is added here,
 * so the snapshot's saver finds them. Weak: an entry goes with its snapshot.
 */
const known = new WeakMap<StreamColumns, Map<SortedKey, SortedColumn>>();

/** Adds sorted columns of `snapshot` made elsewhere (each must be exactly `sortColumn(snapshot[key], snapshot.failed)`'s values). */
export function seedSortedOrders(
  snapshot: StreamColumns,
  columns: Iterable<readonly [SortedKey, SortedColumn]>,
): void {
  let map = known.get(snapshot);
  if (!map) {
    map = new Map();
    known.set(snapshot, map);
  }
  for (const [key, column] of columns) map.set(key, column);
}

/** The sorted columns of `snapshot` made or seeded so far. */
export function knownSortedOrders(snapshot: StreamColumns): ReadonlyMap<SortedKey, SortedColumn> {
  return known.get(snapshot) ?? new Map();
}

/**
 * Sorted columns of the current snapshot, each made once per data version and only when first
 * asked (about 100 ms per column at 1M streams). After a live import the facts cache hands over a
 * new snapshot in which a few apps changed: each column is then derived from the last version's
 * (rows matched by stream id, unchanged values kept in order, the changed ones sorted and merged
 * in), O(N) rather than a sort. `prepare` makes them one column per event-loop turn, so a new
 * version does not hold the thread for all its sorts at once. A snapshot read from its saved file
 * comes with its columns sorted (seeded, below): a start then sorts nothing.
 */
export class SortedOrders {
  private current: Version | null = null;
  private previous: Version | null = null;
  /** Columns made by a full sort and by deriving from the last version (tests and benchmarks read it). */
  readonly made = { sorted: 0, derived: 0 };

  column(snapshot: StreamColumns, key: SortedKey): SortedColumn {
    const version = this.versionOf(snapshot);
    let sorted = version.columns.get(key);
    if (sorted) return sorted;
    const prev = this.previous;
    const prevSorted = prev?.columns.get(key);
    const derived = prev && prevSorted ? derive(prev, prevSorted, snapshot, key) : null;
    if (derived) this.made.derived++;
    else this.made.sorted++;
    sorted = derived ?? sortColumn(snapshot[key], snapshot.failed);
    version.columns.set(key, sorted);
    seedSortedOrders(snapshot, [[key, sorted]]);
    if (prev) {
      prev.columns.delete(key);
      // Nothing left to derive from: let the old snapshot go.
      if (prev.columns.size === 0) this.previous = null;
    }
    return sorted;
  }

  /**
   * Makes `keys` ready for `snapshot`, yielding to the event loop before each column it has to sort
   * or derive: a first dashboard of 1M streams needs several sorts of about 100 ms each, and the
   * service keeps answering other requests in between rather than being held for all of them.
   */
  async prepare(snapshot: StreamColumns, keys: readonly SortedKey[] = SORTED_KEYS): Promise<void> {
    for (const key of keys) {
      if (this.current?.snapshot === snapshot && this.current.columns.has(key)) continue;
      await new Promise((resolve) => setImmediate(resolve));
      this.column(snapshot, key);
    }
  }

  private versionOf(snapshot: StreamColumns): Version {
    if (this.current?.snapshot === snapshot) return this.current;
    if (this.current && this.current.columns.size > 0) this.previous = this.current;
    // Columns seeded for this snapshot are ready as they are (a copy: deleting below leaves them).
    this.current = { snapshot, columns: new Map(known.get(snapshot)) };
    return this.current;
  }
}

/** Row of each stream id in `c`, or null when ids are too sparse for an array. */
function rowsOfIds(c: StreamColumns): Int32Array | null {
  let max = 0;
  for (let i = 0; i < c.n; i++) if ((c.streamId[i] as number) > max) max = c.streamId[i] as number;
  if (max > 4 * c.n + 1_000_000) return null;
  const out = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < c.n; i++) out[c.streamId[i] as number] = i;
  return out;
}

/**
 * `key` sorted for `next` from its sorted order in an earlier version; null when a sort is cheaper.
 * Two passes over the earlier order: the first finds each kept value's row in `next` (into scratch
 * arrays), the second merges the kept values with the changed ones, sorted, straight into the new
 * column. The only fresh memory is the new column itself: fresh memory is slow to touch on some
 * VMs (bench/README.md), and a live change at 1M streams derives eight of these.
 */
function derive(
  prev: Version,
  prevSorted: SortedColumn,
  next: StreamColumns,
  key: SortedKey,
): SortedColumn | null {
  const nextRows = rowsOfIdsKept(next);
  if (!nextRows) return null;
  const scratch = leaseScratch();
  try {
    const col = next[key];
    const failed = next.failed;
    const covered = scratch.u16(next.n, true);
    // Each earlier position's row in `next`, or -1 when its value is not kept there.
    const rowIn = scratch.i32(prevSorted.rows.length);
    let m = 0;
    for (let k = 0; k < prevSorted.rows.length; k++) {
      rowIn[k] = -1;
      const id = prev.snapshot.streamId[prevSorted.rows[k] as number] as number;
      const j = id < nextRows.length ? (nextRows[id] as number) : -1;
      // Gone, or failed since (a re-import): not in the next version's column.
      if (j < 0 || failed[j] !== 0) continue;
      const v = prevSorted.values[k] as number;
      const w = col[j] as number;
      // Unchanged value (+0 and -0 told apart, as the sort tells them apart): keeps its place.
      if (v !== w || (v === 0 && 1 / v !== 1 / w)) continue;
      rowIn[k] = j;
      covered[j] = 1;
      m++;
    }
    const rest: number[] = [];
    for (let j = 0; j < next.n; j++)
      if (covered[j] === 0 && failed[j] === 0 && Number.isFinite(col[j])) rest.push(j);
    if (rest.length > MAX_DERIVED_CHANGE * next.n) return null;
    const restSorted = sortColumn(
      Float64Array.from(rest, (j) => col[j] as number),
      null,
    );
    const n = m + restSorted.rows.length;
    const rows = new Uint32Array(n);
    const values = new Float64Array(n);
    let a = 0; // the next earlier position (kept or not)
    let b = 0;
    const nextKept = () => {
      while (a < rowIn.length && (rowIn[a] as number) < 0) a++;
    };
    nextKept();
    for (let k = 0; k < n; k++) {
      const takeKept =
        b >= restSorted.rows.length ||
        (a < rowIn.length && !lessThan(restSorted.values[b] as number, prevSorted.values[a] as number));
      if (takeKept) {
        rows[k] = rowIn[a] as number;
        values[k] = prevSorted.values[a] as number;
        a++;
        nextKept();
      } else {
        rows[k] = rest[restSorted.rows[b] as number] as number;
        values[k] = restSorted.values[b] as number;
        b++;
      }
    }
    return { rows, values };
  } finally {
    scratch.release();
  }
}

const lessThan = (x: number, y: number): boolean => x < y || (x === 0 && y === 0 && 1 / x < 1 / y);

/** rowsOfIds of a snapshot, made once for all its columns (and dropped with the snapshot). */
const idMaps = new WeakMap<StreamColumns, Int32Array | null>();
function rowsOfIdsKept(next: StreamColumns): Int32Array | null {
  let map = idMaps.get(next);
  if (map === undefined) {
    map = rowsOfIds(next);
    idMaps.set(next, map);
  }
  return map;
}
