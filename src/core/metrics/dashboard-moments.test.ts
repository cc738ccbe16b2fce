import { describe, expect, it } from 'vitest';
import { appTableFrom } from './app-table';
import { computeDashboard } from './dashboard';
import { statsBySelection } from './select-stats';
import type { StreamColumns } from './stream-columns';

/*
 * The dashboard's minima and maxima come from the first and last sorted values, except when those
 * are zeros: -0 sorts before +0, while statsBySelection (the numbers the dashboard must give) keeps
 * the first zero met in row order. These columns put +0 before -0 in row order, and the reverse.
 */
function columns(genShare: number[], ttft: number[]): StreamColumns {
  const n = genShare.length;
  const f = (make: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => make(i));
  return {
    n,
    streamId: f((i) => i + 1),
    appRef: f(() => 1),
    sequenceId: f((i) => i),
    startUs: f((i) => 1.7e15 + i * 1e6),
    failed: new Uint8Array(n),
    hooks: new Uint8Array(n).fill(1),
    items: f(() => 10),
    ttft: Float64Array.from(ttft),
    generation: f((i) => 100 + i),
    consumer: f(() => 5),
    genShare: Float64Array.from(genShare),
    interItem: f(() => 3),
    itemsPerS: f((i) => 20 + i),
    legacyMsPerItem: f(() => Number.NaN),
    streamMs: f(() => 1000),
    actionIdx: Int32Array.from({ length: n }, (_, i) => i % 2),
    partitionIdx: Int32Array.from({ length: n }, () => -1),
    apps: appTableFrom([[1, { appId: 'app', projectIdx: 0, partitionKey: null }]]),
    actions: ['draft', 'respond'],
    partitions: [],
  };
}

describe('dashboard minima and maxima', () => {
  it.each([
    ['+0 first', [0, -0, 0.5, 0.25], [-3, 0, -0, -1]],
    ['-0 first', [-0, 0, 0.5, 0.25], [-3, -0, 0, -1]],
  ])('keep the first zero in row order (%s), as statsBySelection does', (_label, share, ttft) => {
    const d = computeDashboard(columns(share, ttft), { ttftLog: false, splitSort: 'total' });
    const want = statsBySelection(Float64Array.from(share));
    expect(Object.is(d.stats.gen_share.min, want.min)).toBe(true);
    expect(Object.is(d.stats.gen_share.max, want.max)).toBe(true);
    // TTFT's breakdown rows (rows 0 and 2 are "draft") end with zeros too: their maxima in row order.
    const draft = d.byAction.find((r) => r.key === 'draft');
    const wantDraft = statsBySelection(Float64Array.from([ttft[0] as number, ttft[2] as number]));
    expect(Object.is(draft?.ttft.max, wantDraft.max)).toBe(true);
    const respond = d.byAction.find((r) => r.key === 'respond');
    const wantRespond = statsBySelection(Float64Array.from([ttft[1] as number, ttft[3] as number]));
    expect(Object.is(respond?.ttft.max, wantRespond.max)).toBe(true);
  });
});
