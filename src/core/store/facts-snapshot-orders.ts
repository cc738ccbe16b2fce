import type { SortedColumn } from '../metrics/sorted-column';
import { knownSortedOrders, SORTED_KEYS, type SortedKey, SortedOrders } from '../metrics/sorted-orders';
import type { StreamColumns } from '../metrics/stream-columns';

/**
 * Every sorted column the dashboards read, for a snapshot about to be saved or handed over by the
 * snapshot worker: those known already are taken as they are, the others derived from `base` (the
 * earlier version the snapshot was refreshed from, when its own are known: O(N) each) or sorted.
 * Each one made is known for `snapshot` from then on (sorted-orders.ts), so a dashboard on this
 * thread does not make it again.
 */
export function completeSortedOrders(
  snapshot: StreamColumns,
  base: StreamColumns | null = null,
): ReadonlyMap<SortedKey, SortedColumn> {
  const orders = fromBase(base);
  for (const key of SORTED_KEYS) orders.column(snapshot, key);
  return knownSortedOrders(snapshot);
}

/** `completeSortedOrders` yielding to the event loop before each column it makes (the host's thread). */
export async function completeSortedOrdersAsync(
  snapshot: StreamColumns,
): Promise<ReadonlyMap<SortedKey, SortedColumn>> {
  await fromBase(null).prepare(snapshot);
  return knownSortedOrders(snapshot);
}

function fromBase(base: StreamColumns | null): SortedOrders {
  const orders = new SortedOrders();
  // The base's known columns become the orders' previous version: the next derive from them.
  if (base) for (const key of knownSortedOrders(base).keys()) orders.column(base, key);
  return orders;
}
