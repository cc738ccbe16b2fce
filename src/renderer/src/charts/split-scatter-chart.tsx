import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMs, formatShare, percentileRankLabel } from '../../../shared/format';
import { useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, axisStyle, niceMax } from './axis-ticks';
import { firstPayload, TooltipBox } from './chart-tooltip';
import type { SplitBar } from './split-bars-chart';

interface DotProps {
  cx?: number;
  cy?: number;
  payload?: unknown;
  color: string;
  stroke: string;
  onOpen: (appRef: number) => void;
}

function ScatterDot({ cx, cy, payload, color, stroke, onOpen }: DotProps) {
  const p = payload as SplitBar | undefined;
  if (cx === undefined || cy === undefined) return <g />;
  return (
    // biome-ignore lint/a11y: a mouse shortcut to the run; the split bars and the Streams table reach the same runs by keyboard
    <circle
      cx={cx}
      cy={cy}
      r={4}
      fill={color}
      fillOpacity={0.75}
      stroke={stroke}
      strokeWidth={1}
      style={{ cursor: 'pointer' }}
      onClick={() => p && onOpen(p.appRef)}
    />
  );
}

/**
 * x = generation, y = consumer, one point per (sampled) stream. The diagonal is "balanced"; points
 * are coloured by which side dominates, so the bottleneck reads at a glance.
 */
export function SplitScatterChart({
  points,
  onOpen,
  height = 300,
}: {
  points: SplitBar[];
  onOpen: (appRef: number) => void;
  height?: number;
}) {
  const colors = useThemeColors();
  const genBound = points.filter((p) => p.generationMs >= p.consumerMs);
  const consumerBound = points.filter((p) => p.generationMs < p.consumerMs);
  const max = niceMax(Math.max(1, ...points.map((p) => Math.max(p.generationMs, p.consumerMs))));
  const shape = (color: string) => (props: { cx?: number; cy?: number; payload?: unknown }) => (
    <ScatterDot
      cx={props.cx}
      cy={props.cy}
      payload={props.payload}
      color={color}
      stroke={colors.panel}
      onOpen={onOpen}
    />
  );
  return (
    <div className="chart-box" style={{ height }} data-testid="split-scatter">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid stroke={colors.grid} />
          <XAxis
            type="number"
            dataKey="generationMs"
            name="generation"
            domain={[0, max]}
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
            dataKey="consumerMs"
            name="consumer"
            domain={[0, max]}
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
          <Tooltip
            isAnimationActive={false}
            cursor={false}
            content={({ active, payload }) => {
              const p = active ? firstPayload<SplitBar>(payload) : null;
              if (p === null) return null;
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
                    {
                      label: 'generation share',
                      value: formatShare(total > 0 ? p.generationMs / total : null),
                    },
                  ]}
                  hint="Click to open the run"
                />
              );
            }}
          />
          <Scatter
            name="generation-bound"
            data={genBound}
            shape={shape(colors.gen)}
            isAnimationActive={false}
          />
          <Scatter
            name="consumer-bound"
            data={consumerBound}
            shape={shape(colors.consumer)}
            isAnimationActive={false}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
