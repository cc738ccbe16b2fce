import { memo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ResponseOf } from '../../../shared/contract';
import { formatCount } from '../../../shared/format';
import type { DashboardChangePoint } from '../../../shared/schemas/dashboard';
import { formatDateTime } from '../lib/format-time';
import { useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, axisStyle } from './axis-ticks';
import { ChangeTooltip, MarkerLine } from './change-marker';
import { trendHeight } from './chart-heights';
import { firstPayload, TooltipBox } from './chart-tooltip';
import { type Sized, staggered } from './staggered';

export type TrendPoint = ResponseOf<'dashboard:get'>['trend']['points'][number];

interface TrendChartProps {
  points: TrendPoint[];
  bucketMs: number;
  p50Key: 'ttftP50' | 'itemsPerSP50';
  p90Key: 'ttftP90' | 'itemsPerSP90';
  color: string;
  format: (v: number) => string;
  label: string;
  height?: number;
  /** Change points of this metric's p50 and p90 series, drawn as markers with a tooltip. */
  changes?: readonly DashboardChangePoint[];
}

const DAY = 86_400_000;

function tickTime(ms: number, bucketMs: number): string {
  const s = formatDateTime(ms);
  return bucketMs >= DAY ? s.slice(0, 10) : s.slice(5, 16);
}

/** p50 (solid) and p90 (dashed) per time bucket, in the metric's own colour. */
const TrendChartNow = memo(function TrendChart({
  points,
  bucketMs,
  p50Key,
  p90Key,
  color,
  format,
  label,
  height = 150,
  changes = [],
  width,
}: Sized<TrendChartProps>) {
  const colors = useThemeColors();
  const [shown, setShown] = useState<{ change: DashboardChangePoint; x: number } | null>(null);
  if (points.length === 0) {
    return (
      <div className="muted" style={{ height, display: 'grid', placeItems: 'center' }}>
        No dated streams in this selection.
      </div>
    );
  }
  return (
    <div className="chart-box" style={{ height, position: 'relative' }}>
      {shown ? (
        <ChangeTooltip change={shown.change} x={shown.x} width={width} label={label} format={format} />
      ) : null}
      <LineChart
        width={width}
        height={height}
        data={points}
        margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
      >
        <CartesianGrid stroke={colors.grid} vertical={false} />
        <XAxis
          type="number"
          dataKey="t"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={(v: number) => tickTime(v, bucketMs)}
          {...axisStyle(colors)}
          minTickGap={40}
        />
        <YAxis width={70} tickFormatter={axisLabel(format)} {...axisStyle(colors)} />
        <Tooltip
          // A marker's own tooltip replaces the bucket tooltip while it is shown.
          {...(shown ? { active: false } : {})}
          isAnimationActive={false}
          cursor={{ stroke: colors.faint, strokeDasharray: '3 3' }}
          content={({ active, payload }) => {
            const p = active ? firstPayload<TrendPoint>(payload) : null;
            if (p === null) return null;
            const v50 = p[p50Key];
            const v90 = p[p90Key];
            return (
              <TooltipBox
                title={`${formatDateTime(p.t)} – ${formatDateTime(p.t + bucketMs)}`}
                rows={[
                  { label: `${label} p50`, value: v50 === null ? '–' : format(v50), color },
                  { label: `${label} p90`, value: v90 === null ? '–' : format(v90), color },
                  { label: 'n', value: formatCount(p.n) },
                ]}
              />
            );
          }}
        />
        <Line
          dataKey={p50Key}
          name="p50"
          stroke={color}
          strokeWidth={2}
          dot={points.length < 40 ? { r: 2.5 } : false}
          isAnimationActive={false}
          connectNulls
        />
        <Line
          dataKey={p90Key}
          name="p90"
          stroke={color}
          strokeWidth={1.5}
          strokeDasharray="5 4"
          dot={false}
          isAnimationActive={false}
          connectNulls
        />
        {changes.map((c) => (
          <ReferenceLine
            key={`${c.stat}-${c.t}`}
            x={c.t}
            ifOverflow="extendDomain"
            shape={(props: { x1?: number; y1?: number; x2?: number; y2?: number }) => (
              <MarkerLine
                {...props}
                stroke={colors.text}
                label={`${label} ${c.stat} changed at ${formatDateTime(c.t)}`}
                onShow={(x) => setShown({ change: c, x })}
                onHide={() => setShown((s) => (s?.change === c ? null : s))}
              />
            )}
          />
        ))}
      </LineChart>
    </div>
  );
});

/** Drawn in its turn, one chart per task (staggered.tsx). */
export const TrendChart = staggered(TrendChartNow, trendHeight);
