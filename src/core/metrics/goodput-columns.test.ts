import { describe, expect, it } from 'vitest';
import { SLO_METRICS, type Slo } from '../../shared/slo';
import type { StreamRow } from '../../shared/stream-row';
import { appTableFrom } from './app-table';
import { goodput } from './goodput';
import { goodputOfColumns } from './goodput-columns';
import { mulberry32 } from './random';
import type { StreamColumns } from './stream-columns';

/** Rows with every SLO metric, some null, as both stream rows and the dashboard's columns. */
function sample(n: number, seed: number): { rows: StreamRow[]; cols: StreamColumns } {
  const rng = mulberry32(seed);
  const maybe = (v: number): number | null => (rng() < 0.1 ? null : v);
  const rows: StreamRow[] = Array.from({ length: n }, (_, i) => ({
    stream_id: i + 1,
    project: 'p',
    app_id: 'a',
    partition_key: null,
    sequence_id: i,
    action: 'respond',
    step_start: null,
    step_end: null,
    stream_start: null,
    failed: rng() < 0.1,
    timing_source: 'hooks',
    items: maybe(Math.floor(rng() * 20)),
    ttft_ms: maybe(Math.round(rng() * 1000)),
    generation_ms: maybe(rng() * 2000),
    consumer_ms: maybe(rng() * 500),
    gen_share: maybe(rng()),
    stream_ms: maybe(Math.round(rng() * 3000)),
    legacy_ms_per_item: maybe(rng() * 100),
    inter_item_ms: maybe(rng() * 80),
    items_per_s: maybe(rng() * 50),
  }));
  const col = (f: (r: StreamRow) => number | null) => Float64Array.from(rows, (r) => f(r) ?? Number.NaN);
  const cols: StreamColumns = {
    n,
    streamId: col((r) => r.stream_id),
    appRef: col(() => 1),
    sequenceId: col((r) => r.sequence_id),
    startUs: col(() => null),
    failed: Uint8Array.from(rows, (r) => (r.failed ? 1 : 0)),
    hooks: Uint8Array.from(rows, () => 1),
    items: col((r) => r.items),
    ttft: col((r) => r.ttft_ms),
    generation: col((r) => r.generation_ms),
    consumer: col((r) => r.consumer_ms),
    genShare: col((r) => r.gen_share),
    interItem: col((r) => r.inter_item_ms),
    itemsPerS: col((r) => r.items_per_s),
    legacyMsPerItem: col((r) => r.legacy_ms_per_item),
    streamMs: col((r) => r.stream_ms),
    actionIdx: new Int32Array(n),
    partitionIdx: new Int32Array(n).fill(-1),
    apps: appTableFrom([[1, { appId: 'a', projectIdx: 0, partitionKey: null }]]),
    actions: ['respond'],
    partitions: [],
  };
  return { rows, cols };
}

describe('goodput over the dashboard columns', () => {
  it('equals goodput() over the same rows for a bound on every metric, ≤ and <, ties included', () => {
    const { rows, cols } = sample(2000, 14);
    for (const metric of SLO_METRICS) {
      for (const op of ['<=', '<'] as const) {
        // A value that occurs in the data, so `<=` and `<` differ on the ties.
        const value = rows.find((r) => r[metric] !== null)?.[metric] as number;
        const slo: Slo = { [metric]: { op, value } };
        expect(goodputOfColumns(cols, slo)).toEqual(goodput(rows, slo));
      }
    }
    const several: Slo = {
      ttft_ms: { op: '<=', value: 500 },
      stream_ms: { op: '<', value: 2000 },
      items: { op: '<=', value: 15 },
    };
    const g = goodputOfColumns(cols, several);
    expect(g).toEqual(goodput(rows, several));
    expect(g.met).toBeGreaterThan(0);
    expect(g.of).toBe(2000);
  });

  it('gives a null share for an empty selection', () => {
    const { cols } = sample(0, 1);
    expect(goodputOfColumns(cols, { ttft_ms: { op: '<=', value: 1 } })).toMatchObject({
      met: 0,
      of: 0,
      share: null,
    });
  });
});
