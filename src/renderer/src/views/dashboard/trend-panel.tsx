import { memo, useMemo } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import type { StreamFilter } from '../../../../shared/filter';
import { formatCount, formatMs, formatRate } from '../../../../shared/format';
import type { DashboardChangePoint } from '../../../../shared/schemas/dashboard';
import { useQuery } from '../../api/use-query';
import { ChartPanel } from '../../charts/chart-panel';
import { TrendChart } from '../../charts/lazy-charts';
import { LegendSwatch } from '../../charts/legend-items';
import { formatSpan } from '../../lib/format-time';
import type { SplitSort } from '../../state/app-state';
import { useThemeColors } from '../../theme/use-theme-colors';

const NONE: readonly DashboardChangePoint[] = [];

const shortRate = (v: number): string => formatRate(v).replace(' items/s', '/s');

interface TrendPanelProps {
  trend: ResponseOf<'dashboard:get'>['trend'];
  filter: StreamFilter;
  ttftLog: boolean;
  splitSort: SplitSort;
  subtitle: string;
}

/**
 * p50/p90 over time, with change points as markers. The change points take a request of their own
 * (E-divisive's permutation tests cost a few hundred ms on 100k streams): the lines draw at once,
 * the markers follow. The same toggles as the dashboard's, so the core answers the charts from its
 * cache and only computes the change points.
 */
export const TrendPanel = memo(function TrendPanel({
  trend,
  filter,
  ttftLog,
  splitSort,
  subtitle,
}: TrendPanelProps) {
  const colors = useThemeColors();
  const q = useQuery('dashboard:get', { filter, ttftLog, splitSort, changePoints: true });
  const changes = q.stale ? NONE : (q.data?.changePoints ?? NONE);
  const ttftChanges = useMemo(() => changes.filter((c) => c.metric === 'ttft_ms'), [changes]);
  const ipsChanges = useMemo(() => changes.filter((c) => c.metric === 'items_per_s'), [changes]);
  const n = changes.length;
  return (
    <ChartPanel
      title="Trend over time"
      n={`${formatCount(trend.points.length)} ${trend.points.length === 1 ? 'bucket' : 'buckets'} of ${formatSpan(trend.bucketMs)}`}
      subtitle={subtitle}
      testId="panel-trend"
      legend={
        <span className="legend">
          <LegendSwatch color={colors.ttft} label="TTFT p50" kind="line" />
          <LegendSwatch color={colors.ttft} label="TTFT p90" kind="dashed" />
          <LegendSwatch color={colors.neutral} label="items/s p50" kind="line" />
          <LegendSwatch color={colors.neutral} label="items/s p90" kind="dashed" />
          <span data-testid="change-count">
            {q.loading && q.data === undefined
              ? 'looking for change points…'
              : n === 0
                ? 'no change points (p < 0.01)'
                : `▼ ${formatCount(n)} change ${n === 1 ? 'point' : 'points'} at p < 0.01 (hover or Tab to a marker)`}
          </span>
        </span>
      }
    >
      <TrendChart
        points={trend.points}
        bucketMs={trend.bucketMs}
        p50Key="ttftP50"
        p90Key="ttftP90"
        color={colors.ttft}
        format={formatMs}
        label="TTFT"
        height={118}
        changes={ttftChanges}
      />
      <TrendChart
        points={trend.points}
        bucketMs={trend.bucketMs}
        p50Key="itemsPerSP50"
        p90Key="itemsPerSP90"
        color={colors.neutral}
        format={shortRate}
        label="items/s"
        height={118}
        changes={ipsChanges}
      />
    </ChartPanel>
  );
});
