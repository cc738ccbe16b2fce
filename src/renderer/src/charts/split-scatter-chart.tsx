import { memo, useCallback, useMemo, useState } from 'react';
import { CartesianGrid, ReferenceLine, ScatterChart, XAxis, YAxis } from 'recharts';
import { formatCount, formatMs, formatShare, percentileRankLabel } from '../../../shared/format';
import { useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, axisStyle, niceMax } from './axis-ticks';
import { scatterHeight } from './chart-heights';
import { TooltipBox } from './chart-tooltip';
import { CELL_PX, type Mark, ScatterMarks, type ScatterPoint } from './scatter-marks';
import type { SplitBar } from './split-bars-chart';
import { type Sized, staggered } from './staggered';

/**
 * x = generation, y = consumer, one point per (sampled) stream. The diagonal is "balanced"; points
 * are coloured by which side dominates, so the bottleneck reads at a glance. Points a few pixels
 * apart share a mark (scatter-marks.tsx), and the caption under the chart says so. Memoized: it
 * draws again only when its points (kept by identity across answers, see use-query.ts), the total
 * or the theme change.
 */
const SplitScatterChartNow = memo(function SplitScatterChart({
  points,
  total,
  onOpen,
  height = 300,
  width,
}: Sized<{
  points: SplitBar[];
  /** Streams the points were sampled from. */
  total: number;
  onOpen: (appRef: number) => void;
  height?: number;
}>) {
  const colors = useThemeColors();
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const [captionHost, setCaptionHost] = useState<HTMLDivElement | null>(null);
  const xy = useMemo<ScatterPoint[]>(
    () =>
      points.map((p) => ({
        x: p.generationMs,
        y: p.consumerMs,
        color: p.generationMs >= p.consumerMs ? colors.gen : colors.consumer,
      })),
    [points, colors],
  );
  // Generation-bound marks first, consumer-bound drawn over them (as the two series did before).
  const order = useMemo(() => [colors.gen, colors.consumer], [colors]);
  const max = useMemo(() => {
    let m = 1;
    for (const p of points) m = Math.max(m, p.generationMs, p.consumerMs);
    return niceMax(m);
  }, [points]);
  const tooltip = useCallback(
    (mark: Mark) => {
      const p = points[mark.points[0] as number];
      if (p === undefined) return null;
      const sum = p.generationMs + p.consumerMs;
      const more = mark.points.length - 1;
      return (
        <TooltipBox
          title={p.appId}
          rows={[
            { label: 'step', value: `#${p.sequenceId} ${p.action ?? ''}` },
            { label: 'generation', value: formatMs(p.generationMs), color: colors.gen },
            { label: 'consumer', value: formatMs(p.consumerMs), color: colors.consumer },
            {
              label: 'TTFT',
              value: p.ttftRank
                ? `${formatMs(p.ttftMs)} · ${percentileRankLabel(p.ttftRank)}`
                : formatMs(p.ttftMs),
              color: colors.ttft,
            },
            { label: 'generation share', value: formatShare(sum > 0 ? p.generationMs / sum : null) },
            ...(more > 0 ? [{ label: 'other streams in this mark', value: formatCount(more) }] : []),
          ]}
          hint={more > 0 ? 'Click to open this stream’s run' : 'Click to open the run'}
        />
      );
    },
    [points, colors],
  );
  const caption = useCallback(
    (marks: number) => (
      <span data-testid="scatter-caption">
        {points.length < total
          ? `An even sample of ${formatCount(points.length)} of ${formatCount(total)} streams`
          : `${formatCount(points.length)} streams`}
        {marks < points.length
          ? `, drawn as ${formatCount(marks)} marks: streams within ${CELL_PX} px share one, darker marks hold more.`
          : ', one mark each.'}
      </span>
    ),
    [points, total],
  );
  const open = useCallback(
    (i: number) => {
      const p = points[i];
      if (p) onOpen(p.appRef);
    },
    [points, onOpen],
  );
  return (
    <>
      <div className="chart-box" style={{ height }} data-testid="split-scatter" ref={setHost}>
        <ScatterChart width={width} height={height} margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid stroke={colors.grid} />
          <XAxis
            type="number"
            dataKey="x"
            name="generation"
            domain={[0, max]}
            allowDataOverflow
            tickFormatter={axisLabel(formatMs)}
            {...axisStyle(colors)}
            label={{
              value: 'generation',
              position: 'insideBottom',
              offset: -12,
              fill: colors.gen,
              fontSize: 11,
              fontWeight: 600,
            }}
          />
          <YAxis
            type="number"
            dataKey="y"
            name="consumer"
            domain={[0, max]}
            allowDataOverflow
            width={84}
            tickFormatter={axisLabel(formatMs)}
            {...axisStyle(colors)}
            label={{
              value: 'consumer',
              angle: -90,
              position: 'insideLeft',
              fill: colors.consumer,
              fontSize: 11,
              fontWeight: 600,
              dy: 30,
            }}
          />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: max, y: max },
            ]}
            stroke={colors.faint}
            strokeDasharray="4 4"
            label={{ value: 'balanced', position: 'insideTopRight', fill: colors.faint, fontSize: 11 }}
          />
          <ScatterMarks
            points={xy}
            colors={order}
            activeStroke={colors.text}
            tooltipHost={host}
            captionHost={captionHost}
            tooltip={tooltip}
            caption={caption}
            onOpen={open}
          />
        </ScatterChart>
      </div>
      <div className="chart-caption muted" ref={setCaptionHost} />
    </>
  );
});

/** Drawn in its turn, one chart per task (staggered.tsx). */
export const SplitScatterChart = staggered(SplitScatterChartNow, scatterHeight);
