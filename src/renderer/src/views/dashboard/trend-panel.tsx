import type { ResponseOf } from '../../../../shared/contract';
import type { StreamFilter } from '../../../../shared/filter';
import { formatCount, formatMs, formatRate } from '../../../../shared/format';
import { useQuery } from '../../api/use-query';
import { ChartPanel } from '../../charts/chart-panel';
import { LegendSwatch } from '../../charts/legend-items';
import { TrendChart } from '../../charts/trend-chart';
import { formatSpan } from '../../lib/format-time';
import type { SplitSort } from '../../state/app-state';
import { useThemeColors } from '../../theme/use-theme-colors';

const shortRate = (v: number): string => formatRate(v).replace(' items/s', '/s');

interface TrendPanelProps {
  d: ResponseOf<'dashboard:get'>;
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
export function TrendPanel({ d, filter, ttftLog, splitSort, subtitle }: TrendPanelProps) {
  const colors = useThemeColors();
  const q = useQuery('dashboard:get', { filter, ttftLog, splitSort, changePoints: true });
  const changes = q.stale ? [] : (q.data?.changePoints ?? []);
  const of = (metric: 'ttft_ms' | 'items_per_s') => changes.filter((c) => c.metric === metric);
  const n = changes.length;
  return (
    <ChartPanel
      title="Trend over time"
      n={`${formatCount(d.trend.points.length)} ${d.trend.points.length === 1 ? 'bucket' : 'buckets'} of ${formatSpan(d.trend.bucketMs)}`}
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
        points={d.trend.points}
        bucketMs={d.trend.bucketMs}
        p50Key="ttftP50"
        p90Key="ttftP90"
        color={colors.ttft}
        format={formatMs}
        label="TTFT"
        height={118}
        changes={of('ttft_ms')}
      />
      <TrendChart
        points={d.trend.points}
        bucketMs={d.trend.bucketMs}
        p50Key="itemsPerSP50"
        p90Key="itemsPerSP90"
        color={colors.neutral}
        format={shortRate}
        label="items/s"
        height={118}
        changes={of('items_per_s')}
      />
    </ChartPanel>
  );
}
