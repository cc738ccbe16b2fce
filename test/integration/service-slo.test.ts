import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { goodput } from '../../src/core/metrics/goodput';
import { findRegressions } from '../../src/core/metrics/regressions';
import { createService, type Service } from '../../src/core/service';
import type { Slo } from '../../src/shared/slo';
import {
  normalStream,
  SHIFT_SPACING_MS,
  SHIFT_START_MS,
  writeApp,
  writeShiftedTree,
} from '../helpers/crafted-logs';
import { LOCAL, tempDir } from '../helpers/fixtures';

/* Issue 14, the app half: SLOs kept per project, goodput and change points on the dashboard. */

const open: Service[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function start(databasePath: string): Service {
  const s = createService({ databasePath, host: 'serve', s3AutoSyncMinutes: 0, watch: false });
  open.push(s);
  return s;
}

const SLO: Slo = { ttft_ms: { op: '<=', value: 500 }, inter_item_ms: { op: '<', value: 50 } };

describe('project SLOs', () => {
  it('are set, read back after reopening the database, replaced and cleared', async () => {
    const db = path.join(tempDir(), 'slo.db');
    const first = start(db);
    expect(await first.handlers['slo:get']({ project: 'chatbot-models' })).toEqual({ slo: null });
    expect(await first.handlers['slo:set']({ project: 'chatbot-models', slo: SLO })).toEqual({ slo: SLO });
    first.close();
    open.length = 0;

    const second = start(db);
    expect(await second.handlers['slo:get']({ project: 'chatbot-models' })).toEqual({ slo: SLO });
    // Per project: another project has none.
    expect(await second.handlers['slo:get']({ project: 'async-agent' })).toEqual({ slo: null });
    const tighter: Slo = { ttft_ms: { op: '<', value: 200 } };
    await second.handlers['slo:set']({ project: 'chatbot-models', slo: tighter });
    expect(await second.handlers['slo:get']({ project: 'chatbot-models' })).toEqual({ slo: tighter });
    expect(await second.handlers['slo:set']({ project: 'chatbot-models', slo: null })).toEqual({ slo: null });
    second.close();
    open.length = 0;

    expect(await start(db).handlers['slo:get']({ project: 'chatbot-models' })).toEqual({ slo: null });
  });
});

describe('goodput on the dashboard', () => {
  it('equals goodput() over the same stream rows of the real fixtures, failed streams in the denominator', async () => {
    const s = start(path.join(tempDir(), 'goodput.db'));
    s.addFolder(LOCAL);
    await s.whenIdle();
    const filter = { project: 'chatbot-models' };
    const dash = await s.handlers['dashboard:get']({ filter, ttftLog: false, splitSort: 'total', slo: SLO });
    const rows = (
      await s.handlers['streams:query']({
        filter,
        sort: { by: 'stream_start', dir: 'asc' },
        offset: 0,
        limit: 5000,
      })
    ).rows;
    expect(dash.goodput).toEqual(goodput(rows, SLO));
    // By hand: a stream is good when it did not fail, ttft_ms <= 500 and inter_item_ms < 50.
    const byHand = rows.filter(
      (r) =>
        !r.failed &&
        r.ttft_ms !== null &&
        r.ttft_ms <= 500 &&
        r.inter_item_ms !== null &&
        r.inter_item_ms < 50,
    ).length;
    expect(dash.goodput).toMatchObject({ met: byHand, of: 44, share: byHand / 44 });
    expect(byHand).toBeGreaterThan(0);
    expect(byHand).toBeLessThan(42);
    // Without SLOs, no goodput; without asking, no change points.
    const plain = await s.handlers['dashboard:get']({ filter, ttftLog: false, splitSort: 'total' });
    expect(plain.goodput).toBeNull();
    expect(plain.changePoints).toBeNull();
  });
});

describe('change points on the trend', () => {
  it('finds the TTFT step of the shifted tree, as findRegressions does on the rows', async () => {
    const root = tempDir();
    writeShiftedTree(root, false);
    const s = start(path.join(tempDir(), 'shift.db'));
    s.addFolder(root);
    await s.whenIdle();
    const filter = { project: 'shifted' };
    const dash = await s.handlers['dashboard:get']({
      filter,
      ttftLog: false,
      splitSort: 'total',
      changePoints: true,
    });
    const rows = (
      await s.handlers['streams:query']({
        filter,
        sort: { by: 'stream_start', dir: 'asc' },
        offset: 0,
        limit: 5000,
      })
    ).rows;
    const expected = findRegressions([{ name: 'selection', streams: rows }], {
      metrics: ['ttft_ms', 'items_per_s'],
    }).regressions;
    expect(dash.changePoints?.map((c) => [c.metric, c.stat, c.at, c.p, c.changePct])).toEqual(
      expected.map((r) => [r.metric, r.stat, r.at, r.p, r.change_pct]),
    );
    const ttft = dash.changePoints?.find((c) => c.metric === 'ttft_ms' && c.stat === 'p50');
    // The step is at stream 120 (01:20:00Z); buckets of 5 streams put it within one bucket.
    expect(Math.abs((ttft?.t ?? 0) - (SHIFT_START_MS + 120 * SHIFT_SPACING_MS))).toBeLessThanOrEqual(
      5 * SHIFT_SPACING_MS,
    );
    expect(ttft?.direction).toBe('worse');
    expect(ttft?.changePct).toBeGreaterThan(50);

    // New data right after: the charts follow at once, the change points within CHANGE_POINTS_REUSE_MS
    // (a live folder would otherwise recompute them on every append).
    const late = SHIFT_START_MS + 240 * SHIFT_SPACING_MS;
    writeApp(
      root,
      'shifted',
      'run-later',
      Array.from({ length: 60 }, (_, i) =>
        normalStream(late + i * 1000, { ttftMs: 5000, firstItemAfterMs: 5000 }),
      ),
    );
    await s.handlers['import:start']({});
    await s.whenIdle();
    const again = await s.handlers['dashboard:get']({
      filter,
      ttftLog: false,
      splitSort: 'total',
      changePoints: true,
    });
    expect(again.counts.streams).toBe(300);
    expect(again.changePoints).toEqual(dash.changePoints);
    // Computed afresh (as after the reuse window), the late slow streams are a change of their own.
    s.clearDashboardCache();
    const fresh = await s.handlers['dashboard:get']({
      filter,
      ttftLog: false,
      splitSort: 'total',
      changePoints: true,
    });
    expect(fresh.changePoints).not.toEqual(dash.changePoints);
  });
});
