import { describe, expect, it } from 'vitest';
import { type MomentsInput, momentsOf } from './dashboard-moments';
import { MomentsWorker } from './moments-off-thread';
import { mulberry32, normalVariate } from './random';

/** A dashboard's passes-in-row-order input over n rows, in shared memory or not. */
function input(n: number, shared: boolean, seed: number): MomentsInput {
  const rng = mulberry32(seed);
  const make = <T extends Float64Array | Uint16Array | Int32Array>(
    Kind: new (buffer: ArrayBuffer) => T,
    bytesPer: number,
    length: number,
  ): T =>
    new Kind(
      (shared ? new SharedArrayBuffer(bytesPer * length) : new ArrayBuffer(bytesPer * length)) as ArrayBuffer,
    );
  const column = () => {
    const out = make(Float64Array, 8, n);
    for (let i = 0; i < n; i++) out[i] = rng() < 0.1 ? Number.NaN : 100 + 20 * normalVariate(rng);
    return out;
  };
  const base = make(Uint16Array, 2, n);
  const breakdownRows = make(Uint16Array, 2, n);
  for (let i = 0; i < n; i++) {
    base[i] = rng() < 0.9 ? 1 : 0;
    // Action row 0-2 in the low byte, partition row 0-3 in the high one.
    breakdownRows[i] = Math.floor(rng() * 3) | (Math.floor(rng() * 4) << 8);
  }
  const rows = make(Int32Array, 4, Math.floor(n / 2));
  for (let k = 0; k < rows.length; k++) rows[k] = 2 * k + 1;
  return {
    rows,
    base,
    breakdownRows,
    actionRows: 3,
    keyedSlots: 1 + 3 + 4,
    columns: [column(), column(), column()],
    keyed: [true, false, true],
  };
}

describe('MomentsWorker', () => {
  it('gives momentsOf’s numbers from its thread for shared input, and runs other input here', async () => {
    for (const shared of [true, false]) {
      const worker = new MomentsWorker();
      try {
        const given = input(5000, shared, shared ? 1 : 2);
        const want = momentsOf(given);
        expect(await worker.run(given)).toEqual(want);
        // Shared input went to the thread; the other never does.
        expect(worker.sent).toBe(shared ? 1 : 0);
        expect(worker.onThread).toBe(true);
        expect(await worker.run({ ...given, rows: null })).toEqual(momentsOf({ ...given, rows: null }));
        // Counts per slot: the selection's, then each action row's and partition row's.
        expect(want[0]?.count.length).toBe(8);
        expect(want[1]?.count.length).toBe(1);
        const [all, ...slots] = Array.from(want[0]?.count ?? []);
        expect(slots.slice(0, 3).reduce((a, b) => a + b, 0)).toBe(all);
        expect(slots.slice(3).reduce((a, b) => a + b, 0)).toBe(all);
      } finally {
        worker.close();
      }
    }
  });
});
