import { memo, useId, useMemo } from 'react';
import { CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../../shared/format';
import type { HistogramData } from '../../../shared/schemas/chart-data';
import { useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, axisStyle, linearTicks, logTicks } from './axis-ticks';
import { histogramHeight } from './chart-heights';
import { firstPayload, TooltipBox } from './chart-tooltip';
import { HatchPattern } from './hatch-pattern';
import { type Bin, HistogramBars, type Marker, PercentileMarkers } from './histogram-layers';
import { type Sized, staggered } from './staggered';

export type { HistogramData };

interface HistogramChartProps {
  histogram: HistogramData;
  color: string;
  /** Draw hatched: the numbers are legacy-derived. */
  legacy?: boolean;
  log?: boolean;
  format: (v: number) => string;
  /** What a value is, for the tooltip ("TTFT", "items/s"). */
  valueLabel: string;
  markers?: Marker[];
  markerColor?: string;
  height?: number;
  testId?: string;
}

export function toBins(h: HistogramData, log: boolean): Bin[] {
  const bins: Bin[] = [];
  for (let i = 0; i < h.counts.length; i++) {
    const lo = h.edges[i];
    const hi = h.edges[i + 1];
    if (lo === undefined || hi === undefined) continue;
    bins.push({ lo, hi, mid: log && lo > 0 ? Math.sqrt(lo * hi) : (lo + hi) / 2, count: h.counts[i] ?? 0 });
  }
  return bins;
}

/** A histogram of pre-binned data (the core bins; the chart draws at most a few dozen bars). */
const HistogramChartNow = memo(function HistogramChart(props: Sized<HistogramChartProps>) {
  const { histogram, color, legacy, format, valueLabel, markers, height = 220, width } = props;
  const colors = useThemeColors();
  const patternId = useId().replace(/:/g, '');
  const lo = histogram.edges[0];
  const hi = histogram.edges[histogram.edges.length - 1];
  const log = (props.log ?? false) && lo !== undefined && lo > 0;
  const bins = useMemo(() => toBins(histogram, log), [histogram, log]);
  const total = bins.reduce((n, b) => n + b.count, 0);
  if (lo === undefined || hi === undefined || bins.length === 0) {
    return (
      <div className="muted" style={{ height, display: 'grid', placeItems: 'center' }}>
        No values to chart in this selection.
      </div>
    );
  }
  const ticks = log ? logTicks(lo, hi) : linearTicks(lo, hi);
  const fill = legacy ? `url(#${patternId})` : color;
  return (
    <div className="chart-box" style={{ height }} data-testid={props.testId}>
      <ComposedChart
        width={width}
        height={height}
        data={bins}
        margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
      >
        {legacy ? <HatchPattern id={patternId} color={color} background={colors.panel} /> : null}
        <CartesianGrid vertical={false} stroke={colors.grid} />
        <XAxis
          type="number"
          dataKey="mid"
          domain={[lo, hi]}
          scale={log ? 'log' : 'linear'}
          ticks={ticks}
          tickFormatter={axisLabel(format)}
          allowDataOverflow
          {...axisStyle(colors)}
        />
        <YAxis
          allowDecimals={false}
          width={44}
          {...axisStyle(colors)}
          tickFormatter={(v: number) => formatCount(v)}
          label={{
            value: 'streams',
            angle: -90,
            position: 'insideLeft',
            fill: colors.faint,
            fontSize: 11,
            dy: 24,
          }}
        />
        <Tooltip
          cursor={false}
          isAnimationActive={false}
          content={({ active, payload }) => {
            const b = active ? firstPayload<Bin>(payload) : null;
            if (b === null) return null;
            return (
              <TooltipBox
                title={`${valueLabel} ${format(b.lo)} – ${format(b.hi)}`}
                rows={[
                  { label: 'streams', value: formatCount(b.count) },
                  {
                    label: 'share of n',
                    value: total > 0 ? `${((b.count / total) * 100).toFixed(1)}%` : '–',
                  },
                ]}
              />
            );
          }}
        />
        <Line
          dataKey="count"
          stroke="none"
          dot={false}
          activeDot={false}
          isAnimationActive={false}
          legendType="none"
        />
        <HistogramBars bins={bins} fill={fill} stroke={color} activeStroke={colors.text} />
        {markers ? (
          <PercentileMarkers
            markers={markers}
            color={props.markerColor ?? colors.text}
            halo={colors.panel}
            format={format}
          />
        ) : null}
      </ComposedChart>
    </div>
  );
});

/** Drawn in its turn, one chart per task (staggered.tsx). */
export const HistogramChart = staggered(HistogramChartNow, histogramHeight);
