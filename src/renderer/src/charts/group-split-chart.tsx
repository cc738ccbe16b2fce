import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatMs } from '../../../shared/format';
import type { Stats } from '../../../shared/stream-row';
import { useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, axisStyle } from './axis-ticks';
import { firstPayload, TooltipBox } from './chart-tooltip';
import { type Sized, staggered } from './staggered';

export interface GroupSplit {
  name: string;
  generation: Stats;
  consumer: Stats;
}

interface Row {
  name: string;
  gen: number;
  cons: number;
  g: GroupSplit;
}

/** A bar of 34 px a group, and room for the axis. */
function splitHeight(groups: number): number {
  return Math.max(140, groups * 34 + 40);
}

/** Median generation and consumer per group, stacked, in the meaning colours. */
const GroupSplitChartNow = memo(function GroupSplitChart({ groups, width }: Sized<{ groups: GroupSplit[] }>) {
  const colors = useThemeColors();
  const rows: Row[] = groups.map((g) => ({
    name: g.name,
    gen: g.generation.p50 ?? 0,
    cons: g.consumer.p50 ?? 0,
    g,
  }));
  return (
    <div className="chart-box" style={{ height: splitHeight(rows.length) }} data-testid="compare-split">
      <BarChart
        width={width}
        height={splitHeight(rows.length)}
        data={rows}
        layout="vertical"
        margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
        barCategoryGap={6}
      >
        <CartesianGrid horizontal={false} stroke={colors.grid} />
        <XAxis type="number" tickFormatter={axisLabel(formatMs)} {...axisStyle(colors)} />
        <YAxis type="category" dataKey="name" width={150} {...axisStyle(colors)} />
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: colors.grid }}
          content={({ active, payload }) => {
            const r = active ? firstPayload<Row>(payload) : null;
            if (r === null) return null;
            return (
              <TooltipBox
                title={r.name}
                rows={[
                  {
                    label: `generation p50 (n = ${formatCount(r.g.generation.count)})`,
                    value: formatMs(r.g.generation.p50),
                    color: colors.gen,
                  },
                  { label: 'generation p90', value: formatMs(r.g.generation.p90), color: colors.gen },
                  {
                    label: `consumer p50 (n = ${formatCount(r.g.consumer.count)})`,
                    value: formatMs(r.g.consumer.p50),
                    color: colors.consumer,
                  },
                  { label: 'consumer p90', value: formatMs(r.g.consumer.p90), color: colors.consumer },
                ]}
              />
            );
          }}
        />
        <Bar dataKey="gen" name="generation p50" stackId="s" fill={colors.gen} isAnimationActive={false} />
        <Bar
          dataKey="cons"
          name="consumer p50"
          stackId="s"
          fill={colors.consumer}
          isAnimationActive={false}
        />
      </BarChart>
    </div>
  );
});

/** Drawn in its turn, one chart per task (staggered.tsx). */
export const GroupSplitChart = staggered(GroupSplitChartNow, (p) => splitHeight(p.groups.length));
