import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatRate } from '../../../shared/format';
import type { Stats } from '../../../shared/stream-row';
import { groupColor, useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, axisStyle } from './axis-ticks';
import { firstPayload, TooltipBox } from './chart-tooltip';
import { type Sized, staggered } from './staggered';

interface Row {
  name: string;
  p50: number;
  p90: number;
  s: Stats;
}

/** Two bars (p50, p90) of 40 px a group, and room for the axis. */
function throughputHeight(groups: number): number {
  return Math.max(140, groups * 40 + 40);
}

/** Items/s p50 (solid) and p90 (light) per group, in the groups' palette order. */
const GroupThroughputChartNow = memo(function GroupThroughputChart({
  groups,
  width,
}: Sized<{
  groups: { name: string; itemsPerS: Stats }[];
}>) {
  const colors = useThemeColors();
  const rows: Row[] = groups.map((g) => ({
    name: g.name,
    p50: g.itemsPerS.p50 ?? 0,
    p90: g.itemsPerS.p90 ?? 0,
    s: g.itemsPerS,
  }));
  return (
    <div
      className="chart-box"
      style={{ height: throughputHeight(rows.length) }}
      data-testid="compare-throughput"
    >
      <BarChart
        width={width}
        height={throughputHeight(rows.length)}
        data={rows}
        layout="vertical"
        margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
        barCategoryGap={6}
        barGap={1}
      >
        <CartesianGrid horizontal={false} stroke={colors.grid} />
        <XAxis
          type="number"
          tickFormatter={axisLabel((v) => formatRate(v).replace(' items/s', '/s'))}
          {...axisStyle(colors)}
        />
        <YAxis type="category" dataKey="name" width={150} {...axisStyle(colors)} />
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: colors.grid }}
          content={({ active, payload }) => {
            const r = active ? firstPayload<Row>(payload) : null;
            if (r === null) return null;
            return (
              <TooltipBox
                title={`${r.name} (n = ${formatCount(r.s.count)})`}
                rows={[
                  { label: 'items/s p50', value: formatRate(r.s.p50) },
                  { label: 'items/s p90', value: formatRate(r.s.p90) },
                  { label: 'mean', value: formatRate(r.s.mean) },
                ]}
              />
            );
          }}
        />
        <Bar dataKey="p50" name="p50" isAnimationActive={false}>
          {rows.map((r, i) => (
            <Cell key={r.name} fill={groupColor(colors, i)} />
          ))}
        </Bar>
        <Bar dataKey="p90" name="p90" isAnimationActive={false}>
          {rows.map((r, i) => (
            <Cell key={r.name} fill={groupColor(colors, i)} fillOpacity={0.4} />
          ))}
        </Bar>
      </BarChart>
    </div>
  );
});

/** Drawn in its turn, one chart per task (staggered.tsx). */
export const GroupThroughputChart = staggered(GroupThroughputChartNow, (p) =>
  throughputHeight(p.groups.length),
);
