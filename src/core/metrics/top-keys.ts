/**
 * The indices of the `k` largest of keys[0..m), largest first, equal keys in index order: what a
 * stable sort of every index by descending key, cut to `k`, gives. One pass with a heap of the `k`
 * best so far: at 1M streams and k = 300 nearly every key is one comparison with the heap's worst,
 * instead of a quickselect over a copy of all of them. Keys must not be NaN.
 */
export function topKeys(keys: Float64Array, m: number, k: number): number[] {
  const size = Math.min(k, m);
  if (size <= 0) return [];
  // A min-heap by (key, then larger index): the root is the worst kept index.
  const heap = new Int32Array(size);
  const worse = (a: number, b: number): boolean => {
    const ka = keys[a] as number;
    const kb = keys[b] as number;
    return ka < kb || (ka === kb && a > b);
  };
  const down = (from: number): void => {
    let at = from;
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let w = at;
      if (l < size && worse(heap[l] as number, heap[w] as number)) w = l;
      if (r < size && worse(heap[r] as number, heap[w] as number)) w = r;
      if (w === at) return;
      const t = heap[at] as number;
      heap[at] = heap[w] as number;
      heap[w] = t;
      at = w;
    }
  };
  for (let j = 0; j < size; j++) heap[j] = j;
  for (let at = (size >> 1) - 1; at >= 0; at--) down(at);
  // A later index with an equal key ranks below every kept one: only a larger key gets in.
  for (let j = size; j < m; j++) {
    if ((keys[j] as number) > (keys[heap[0] as number] as number)) {
      heap[0] = j;
      down(0);
    }
  }
  return Array.from(heap).sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b);
}
