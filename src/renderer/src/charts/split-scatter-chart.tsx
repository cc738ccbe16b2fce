import { memo, useCallback, useMemo, useState } from 'react';
import { CartesianGrid, ReferenceLine, ResponsiveContainer, ScatterChart, XAxis, YAxis } from 'recharts';
import { formatMs, formatShare, percentileRankLabel } from '../../../shared/format';
import { useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, axisStyle, niceMax } from './axis-ticks';
import { TooltipBox } from './chart-tooltip';
import { type ScatterMark, ScatterMarks } from './scatter-marks';
import type { SplitBar } from './split-bars-chart';

/**
 * x = generation, y = consumer, one point per (sampled) stream. The diagonal is "balanced"; points
 * are coloured by which side dominates, so the bottleneck reads at a glance. Memoized: it draws
 * again only when its points (kept by identity across answers, see use-query.ts) or the theme change.
 */
export const SplitScatterChart = memo(function SplitScatterChart({
  points,
  onOpen,
  height = 300,
}: {
  points: SplitBar[];
  onOpen: (appRef: number) => void;
  height?: number;
}) {
  const colors = useThemeColors();
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  // Generation-bound points first, consumer-bound drawn over them (as the two series did before).
  const ordered = useMemo(
    () => [
      ...points.filter((p) => p.generationMs >= p.consumerMs),
      ...points.filter((p) => p.generationMs < p.consumerMs),
    ],
    [points],
  );
  const marks = useMemo<ScatterMark[]>(
    () =>
      ordered.map((p) => ({
        x: p.generationMs,
        y: p.consumerMs,
        color: p.generationMs >= p.consumerMs ? colors.gen : colors.consumer,
      })),
    [ordered, colors],
  );
  const max = useMemo(() => {
    let m = 1;
    for (const p of points) m = Math.max(m, p.generationMs, p.consumerMs);
    return niceMax(m);
  }, [points]);
  const tooltip = useCallback(
    (i: number) => {
      const p = ordered[i];
      if (p === undefined) return null;
      const total = p.generationMs + p.consumerMs;
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
            { label: 'generation share', value: formatShare(total > 0 ? p.generationMs / total : null) },
          ]}
          hint="Click to open the run"
        />
      );
    },
    [ordered, colors],
  );
  const open = useCallback(
    (i: number) => {
      const p = ordered[i];
      if (p) onOpen(p.appRef);
    },
    [ordered, onOpen],
  );
  return (
    <div className="chart-box" style={{ height }} data-testid="split-scatter" ref={setHost}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
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
            marks={marks}
            stroke={colors.panel}
            activeStroke={colors.text}
            tooltipHost={host}
            tooltip={tooltip}
            onOpen={open}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
});
