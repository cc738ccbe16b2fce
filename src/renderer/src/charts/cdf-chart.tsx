import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, axisStyle } from './axis-ticks';
import { cdfXAxis } from './cdf-domain';
import { cdfHeight } from './chart-heights';
import { firstPayload, TooltipBox } from './chart-tooltip';
import { verticalGridAt } from './grid-lines';
import { type Marker, PercentileMarkers } from './histogram-layers';
import { type Sized, staggered } from './staggered';

export interface CdfSeries {
  name: string;
  color: string;
  points: { x: number; p: number }[];
  /** Streams behind the curve, for the tooltip. */
  n: number;
}

interface CdfChartProps {
  series: CdfSeries[];
  log?: boolean;
  format: (v: number) => string;
  markers?: Marker[];
  markerColor?: string;
  height?: number;
  /** Same x range for every small multiple, so they can be read against each other. */
  domain?: [number, number];
  testId?: string;
}

type Row = { x: number } & Record<string, number>;

/** The fraction of values <= x for a step CDF given as ascending points. */
function stepAt(points: { x: number; p: number }[], x: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const pt = points[mid] as { x: number; p: number };
    if (pt.x <= x) {
      best = pt.p;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * One or more empirical CDFs on one axis. Series are merged onto the union of their x values so
 * the tooltip can say, at any x, what share of each group is at or below it.
 */
const CdfChartNow = memo(function CdfChart({
  series,
  log = false,
  format,
  markers,
  markerColor,
  height = 240,
  domain,
  testId,
  width,
}: Sized<CdfChartProps>) {
  const colors = useThemeColors();
  const usable = useMemo(
    () => series.map((s) => ({ ...s, points: log ? s.points.filter((p) => p.x > 0) : s.points })),
    [series, log],
  );
  const rows = useMemo(() => {
    const xs = [...new Set(usable.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
    return xs.map((x) => {
      const row: Row = { x };
      usable.forEach((s, i) => {
        row[`s${i}`] = stepAt(s.points, x);
      });
      return row;
    });
  }, [usable]);
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined) {
    return (
      <div className="muted" style={{ height, display: 'grid', placeItems: 'center' }}>
        No values to chart in this selection.
      </div>
    );
  }
  const {
    domain: [dlo, dhi],
    ticks,
  } = cdfXAxis([first.x, last.x], domain, log);
  // Grid lines by arithmetic: recharts' own generator measures hundreds of labels on first draw.
  const grid = verticalGridAt(ticks, [dlo, dhi], log);
  return (
    <div className="chart-box" style={{ height }} data-testid={testId}>
      <LineChart width={width} height={height} data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid stroke={colors.grid} verticalCoordinatesGenerator={grid} />
        <XAxis
          type="number"
          dataKey="x"
          domain={[dlo, dhi]}
          scale={log ? 'log' : 'linear'}
          ticks={ticks}
          tickFormatter={axisLabel(format)}
          allowDataOverflow
          {...axisStyle(colors)}
        />
        <YAxis
          domain={[0, 1]}
          ticks={[0, 0.25, 0.5, 0.75, 0.9, 1]}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          width={44}
          {...axisStyle(colors)}
        />
        <Tooltip
          isAnimationActive={false}
          cursor={{ stroke: colors.faint, strokeDasharray: '3 3' }}
          content={({ active, payload }) => {
            const row = active ? firstPayload<Row>(payload) : null;
            if (row === null) return null;
            return (
              <TooltipBox
                title={`at or below ${format(row.x)}`}
                rows={usable.map((s, i) => ({
                  label: `${s.name} (n = ${s.n})`,
                  value: `${((row[`s${i}`] ?? 0) * 100).toFixed(1)}%`,
                  color: s.color,
                }))}
              />
            );
          }}
        />
        {usable.map((s, i) => (
          <Line
            key={s.name}
            dataKey={`s${i}`}
            name={s.name}
            type="stepAfter"
            stroke={s.color}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
        {markers ? (
          <PercentileMarkers
            markers={markers}
            color={markerColor ?? colors.text}
            halo={colors.panel}
            format={format}
          />
        ) : null}
      </LineChart>
    </div>
  );
});

/** Drawn in its turn, one chart per task (staggered.tsx). */
export const CdfChart = staggered(CdfChartNow, cdfHeight);
