import { useActiveTooltipDataPoints, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';

export interface Bin {
  lo: number;
  hi: number;
  /** Where the tooltip snaps: the bin's centre (geometric centre on a log axis). */
  mid: number;
  count: number;
}

/**
 * Draws histogram bins as rectangles on a numeric x axis, so bins keep their true widths on both
 * linear and log scales (a category BarChart cannot) and percentile markers land at exact values.
 */
export function HistogramBars({
  bins,
  fill,
  stroke,
  activeStroke,
}: {
  bins: Bin[];
  fill: string;
  stroke: string;
  activeStroke: string;
}) {
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  const active = useActiveTooltipDataPoints<Bin>();
  if (!xs || !ys) return null;
  const y0 = ys(0);
  if (y0 === undefined) return null;
  const activeBin = active?.[0];
  return (
    <g className="histogram-bars">
      {bins.map((b) => {
        const x1 = xs(b.lo);
        const x2 = xs(b.hi);
        const y = ys(b.count);
        if (x1 === undefined || x2 === undefined || y === undefined || b.count === 0) return null;
        const isActive = activeBin !== undefined && activeBin.lo === b.lo;
        return (
          <rect
            key={b.lo}
            x={x1 + 0.5}
            width={Math.max(1, x2 - x1 - 1)}
            y={y}
            height={Math.max(0, y0 - y)}
            fill={fill}
            fillOpacity={isActive ? 1 : 0.82}
            stroke={isActive ? activeStroke : stroke}
            strokeWidth={isActive ? 1.5 : 1}
          />
        );
      })}
    </g>
  );
}

export interface Marker {
  label: string;
  value: number | null | undefined;
}

/**
 * Vertical lines at p50/p90/p99 with their values. Labels step down one line each so markers close
 * together stay readable; a label near the right edge flips to the left of its line.
 */
export function PercentileMarkers({
  markers,
  color,
  halo,
  format,
}: {
  markers: Marker[];
  color: string;
  /** The panel colour, drawn behind the label so it stays readable over bars. */
  halo: string;
  format: (v: number) => string;
}) {
  const xs = useXAxisScale();
  const plot = usePlotArea();
  if (!xs || !plot) return null;
  return (
    <g className="percentile-markers">
      {markers.map((m, i) => {
        if (m.value === null || m.value === undefined || !Number.isFinite(m.value)) return null;
        const x = xs(m.value);
        if (x === undefined || x < plot.x - 0.5 || x > plot.x + plot.width + 0.5) return null;
        const flip = x > plot.x + plot.width - 110;
        const text = `${m.label} ${format(m.value)}`;
        return (
          <g key={m.label}>
            <line
              x1={x}
              x2={x}
              y1={plot.y}
              y2={plot.y + plot.height}
              stroke={color}
              strokeWidth={1.5}
              strokeDasharray={i === 0 ? undefined : '4 3'}
            />
            <text
              x={flip ? x - 4 : x + 4}
              y={plot.y + 11 + i * 13}
              textAnchor={flip ? 'end' : 'start'}
              fontSize={11}
              fontWeight={600}
              fill={color}
              stroke={halo}
              strokeWidth={3}
              paintOrder="stroke"
            >
              {text}
            </text>
          </g>
        );
      })}
    </g>
  );
}
