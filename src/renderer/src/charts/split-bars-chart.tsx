import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ResponseOf } from '../../../shared/contract';
import { formatMs, formatShare, percentileRankLabel } from '../../../shared/format';
import { useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, axisStyle } from './axis-ticks';
import { firstPayload, TooltipBox } from './chart-tooltip';

export type SplitBar = ResponseOf<'dashboard:get'>['split']['bars'][number];

interface Row extends SplitBar {
  label: string;
  total: number;
  share: number | null;
}

const ROW_PX = 18;
const LABEL_CHARS = 30;

function shorten(s: string): string {
  return s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s;
}

/**
 * Generation vs consumer per stream as horizontal stacked bars, in the order the core sorted them.
 * Bars come pre-selected by the core (a few hundred at most), so this never draws per raw event.
 */
export function SplitBarsChart({ bars, onOpen }: { bars: SplitBar[]; onOpen: (appRef: number) => void }) {
  const colors = useThemeColors();
  const rows: Row[] = bars.map((b) => {
    const total = b.generationMs + b.consumerMs;
    return {
      ...b,
      label: `${b.appId} #${b.sequenceId}`,
      total,
      share: total > 0 ? b.generationMs / total : null,
    };
  });
  const height = Math.max(120, rows.length * ROW_PX + 36);
  const open = (data: { payload?: unknown }): void => {
    const r = data.payload as Row | undefined;
    if (r) onOpen(r.appRef);
  };
  return (
    <div className="split-scroll" data-testid="split-bars">
      <div className="chart-box" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows}
            layout="vertical"
            margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
            barCategoryGap={3}
          >
            <CartesianGrid horizontal={false} stroke={colors.grid} />
            <XAxis
              type="number"
              orientation="top"
              tickFormatter={axisLabel(formatMs)}
              {...axisStyle(colors)}
            />
            <YAxis
              type="category"
              dataKey="label"
              width={210}
              interval={0}
              tickFormatter={(v: string) => shorten(v)}
              {...axisStyle(colors)}
            />
            <Tooltip
              isAnimationActive={false}
              cursor={{ fill: colors.grid }}
              content={({ active, payload }) => {
                const r = active ? firstPayload<Row>(payload) : null;
                if (r === null) return null;
                return (
                  <TooltipBox
                    title={r.appId}
                    rows={[
                      { label: 'step', value: `#${r.sequenceId} ${r.action ?? ''}` },
                      { label: 'generation', value: formatMs(r.generationMs), color: colors.gen },
                      { label: 'consumer', value: formatMs(r.consumerMs), color: colors.consumer },
                      {
                        label: 'TTFT',
                        value: r.ttftRank
                          ? `${formatMs(r.ttftMs)} · ${percentileRankLabel(r.ttftRank)}`
                          : formatMs(r.ttftMs),
                        color: colors.ttft,
                      },
                      { label: 'total', value: formatMs(r.total) },
                      { label: 'generation share', value: formatShare(r.share) },
                    ]}
                    hint="Click to open the run"
                  />
                );
              }}
            />
            <Bar
              dataKey="generationMs"
              name="generation"
              stackId="s"
              fill={colors.gen}
              isAnimationActive={false}
              onClick={open}
              cursor="pointer"
            />
            <Bar
              dataKey="consumerMs"
              name="consumer"
              stackId="s"
              fill={colors.consumer}
              isAnimationActive={false}
              onClick={open}
              cursor="pointer"
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
