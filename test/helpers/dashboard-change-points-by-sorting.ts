import { formatBurrTime } from '../../src/core/burr/timestamps';
import { regressionSettings, scanTimedValues } from '../../src/core/metrics/regressions';
import type { StreamColumns } from '../../src/core/metrics/stream-columns';
import type { DashboardChangePoint } from '../../src/shared/schemas/dashboard';

/** The trend card's series: TTFT and items/s, p50 and p90 (the lines it draws). */
const SERIES = [
  { metric: 'ttft_ms', column: 'ttft' },
  { metric: 'items_per_s', column: 'itemsPerS' },
] as const;

/**
 * Change points of the selection's TTFT and items/s p50/p90 over time, for the trend chart's markers:
 * findRegressions' series and test (equal-count buckets in stream-start order, failed excluded,
 * E-divisive means with the default settings), run on the dashboard's columns.
 */
export function dashboardChangePoints(c: StreamColumns): DashboardChangePoint[] {
  // Stream-start order, stream id breaking ties: the order timeOrderedValues gives stream rows.
  const order: number[] = [];
  for (let i = 0; i < c.n; i++) if (c.failed[i] === 0 && Number.isFinite(c.startUs[i])) order.push(i);
  order.sort(
    (a, b) =>
      (c.startUs[a] as number) - (c.startUs[b] as number) ||
      (c.streamId[a] as number) - (c.streamId[b] as number),
  );
  const settings = regressionSettings();
  return SERIES.flatMap(({ metric, column }) => {
    const col = c[column];
    const rows = order.filter((i) => Number.isFinite(col[i]));
    const values = rows.map((i) => col[i] as number);
    const startUs = (k: number): number => c.startUs[rows[k] as number] as number;
    return scanTimedValues(
      'selection',
      metric,
      values,
      (k) => formatBurrTime(startUs(k), true),
      settings,
    ).map((r) => ({
      metric,
      stat: r.stat,
      t: Math.floor(Date.parse(r.at)),
      at: r.at,
      before: r.before,
      after: r.after,
      changePct: r.change_pct,
      direction: r.direction,
      p: r.p,
    }));
  });
}
