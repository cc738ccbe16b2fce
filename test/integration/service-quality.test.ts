import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { percentileRank } from '../../src/core/metrics/percentile-rank';
import { createService, type Service } from '../../src/core/service';
import { normalStream, writeApp } from '../helpers/crafted-logs';
import { LOCAL, tempDir } from '../helpers/fixtures';

/* Issue 14 in the app: percentile ranks in the stream table, suspicious timing in Problems. */

let service: Service | null = null;
afterEach(() => {
  service?.close();
  service = null;
});

async function serviceOn(folder: string): Promise<Service> {
  service = createService({
    databasePath: path.join(tempDir(), 'quality.db'),
    host: 'serve',
    s3AutoSyncMinutes: 0,
    watch: false,
  });
  service.addFolder(folder);
  await service.whenIdle();
  return service;
}

describe('percentile ranks in streams:query', () => {
  it('ranks each row against the sorted TTFTs of its selection, failed streams excluded', async () => {
    const s = await serviceOn(LOCAL);
    const filter = { project: 'chatbot-models' };
    const all = await s.handlers['streams:query']({
      filter,
      sort: { by: 'ttft_ms', dir: 'asc' },
      offset: 0,
      limit: 5000,
    });
    const ok = all.rows.filter((r) => !r.failed).map((r) => r.ttft_ms as number);
    expect(ok).toHaveLength(42);
    // Against a sort written here: below + half the ties, over n.
    const sorted = [...ok].sort((a, b) => a - b);
    all.rows.forEach((row, i) => {
      const rank = all.ttftRanks[i];
      if (row.failed) {
        expect(rank).toBeNull();
        return;
      }
      const x = row.ttft_ms as number;
      const below = sorted.filter((v) => v < x).length;
      const equal = sorted.filter((v) => v === x).length;
      expect(rank).toEqual({ rank: (100 * (below + equal / 2)) / 42, below, equal, n: 42 });
      expect(rank).toEqual(percentileRank(ok, x));
    });
    // A deep page ranks against the whole selection, not the page.
    const page = await s.handlers['streams:query']({
      filter,
      sort: { by: 'ttft_ms', dir: 'asc' },
      offset: 40,
      limit: 2,
    });
    expect(page.ttftRanks).toEqual(all.ttftRanks.slice(40, 42));
    // The run view: one app's rows, ranked within the project.
    const appRef = (await s.handlers['library:apps']({ filter, limit: 1, offset: 0 })).apps[0]?.appRef ?? -1;
    const run = await s.handlers['streams:query']({
      filter: { appRefs: [appRef] },
      sort: { by: 'stream_start', dir: 'asc' },
      offset: 0,
      limit: 5000,
      rankWithin: filter,
    });
    expect(run.rows.length).toBeGreaterThan(0);
    for (const [i, r] of run.rows.entries()) {
      expect(run.ttftRanks[i]?.n ?? null).toBe(r.failed ? null : 42);
    }
  });
});

describe('ranks after new data', () => {
  it('are taken against the new selection once an import added streams (the kept sort is dropped)', async () => {
    const root = tempDir();
    const T0 = Date.parse('2026-11-24T01:00:00Z');
    writeApp(root, 'p', 'a1', [normalStream(T0, { ttftMs: 100 }), normalStream(T0 + 5000, { ttftMs: 300 })]);
    const s = await serviceOn(root);
    const ask = () =>
      s.handlers['streams:query']({
        filter: { project: 'p' },
        sort: { by: 'ttft_ms', dir: 'asc' },
        offset: 0,
        limit: 50,
      });
    expect((await ask()).ttftRanks.map((r) => r?.n)).toEqual([2, 2]);
    writeApp(root, 'p', 'a2', [normalStream(T0, { ttftMs: 50 }), normalStream(T0 + 5000, { ttftMs: 200 })]);
    await s.handlers['import:start']({});
    await s.whenIdle();
    const after = await ask();
    expect(after.rows.map((r) => r.ttft_ms)).toEqual([50, 100, 200, 300]);
    expect(after.ttftRanks.map((r) => r?.rank)).toEqual([12.5, 37.5, 62.5, 87.5]);
  });
});

describe('problems:timing', () => {
  it('counts each flag per app of a crafted log, with the app to open', async () => {
    const root = tempDir();
    const T0 = Date.parse('2026-11-24T01:00:00Z');
    writeApp(root, 'flags', 'clean', [normalStream(T0), normalStream(T0 + 5000)]);
    writeApp(root, 'flags', 'ttft-over', [
      normalStream(T0),
      normalStream(T0 + 5000, { ttftMs: 2000 }),
      normalStream(T0 + 9000, { ttftMs: 3000 }),
    ]);
    writeApp(root, 'flags', 'skew', [normalStream(T0, { firstItemAfterMs: -50 })]);
    writeApp(root, 'flags', 'zero-items', [normalStream(T0, { items: 0 })]);
    const s = await serviceOn(root);
    const answer = await s.handlers['problems:timing']({});
    expect(answer.streams).toBe(7);
    const byFlag = Object.fromEntries(answer.flags.map((f) => [f.flag, f]));
    expect(byFlag['ttft-over-duration']?.count).toBe(2);
    expect(byFlag['ttft-over-duration']?.apps.map((a) => [a.appId, a.count, a.sequenceIds])).toEqual([
      ['ttft-over', 2, [1, 2]],
    ]);
    expect(byFlag['first-item-before-start']?.apps.map((a) => [a.appId, a.count])).toEqual([['skew', 1]]);
    expect(byFlag['zero-items-with-first-item']?.apps.map((a) => [a.appId, a.count])).toEqual([
      ['zero-items', 1],
    ]);
    expect(byFlag['partial-timing-fields']?.count).toBe(0);
    // Each app ref opens that app's run.
    const app = byFlag['ttft-over-duration']?.apps[0];
    const run = await s.handlers['runs:get']({ appRef: app?.appRef ?? -1 });
    expect(run.app.appId).toBe('ttft-over');
    // Flagged streams stay in the statistics.
    const dash = await s.handlers['dashboard:get']({ filter: {}, ttftLog: false, splitSort: 'total' });
    expect(dash.stats.ttft_ms?.count).toBe(7);
  });
});
