import type { ComponentProps } from 'react';
import type { CartesianGrid } from 'recharts';

type VerticalCoordinatesGenerator = NonNullable<
  ComponentProps<typeof CartesianGrid>['verticalCoordinatesGenerator']
>;

/**
 * Vertical grid lines at a number axis' explicit ticks, placed by arithmetic instead of by
 * recharts' default generator. That one measures every tick label in the DOM (to leave out labels
 * that would overlap), and on a chart's first render, before the XAxis has registered its
 * settings, it does so for an implicit category axis with one tick per data row: on a CDF of 600
 * points that was ~230 forced layouts, half of the longest task of Compare's "add a second group".
 * With explicit ticks nothing is left out, so the lines are where the scale puts the ticks, then
 * the plot's two edges, in the order recharts draws them.
 */
export function verticalGridAt(
  ticks: readonly number[],
  [lo, hi]: readonly [number, number],
  log: boolean,
): VerticalCoordinatesGenerator {
  const at = log ? Math.log : (v: number) => v;
  const from = at(lo);
  const span = at(hi) - from;
  return ({ offset }) => {
    const left = offset.left;
    const right = offset.left + offset.width;
    const xs = span > 0 ? ticks.map((v) => left + ((at(v) - from) / span) * offset.width) : [];
    const out = xs.filter((x) => Number.isFinite(x));
    if (!out.includes(left)) out.push(left);
    if (!out.includes(right)) out.push(right);
    return out;
  };
}
