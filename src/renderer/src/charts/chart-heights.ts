/*
 * The height a chart's place holds before it draws, from its props: shared by its staggered slot
 * (staggered.tsx) and, for the charts loaded in a chunk of their own, by the placeholder shown
 * while that chunk loads (lazy-charts.tsx), so the page does not move when either arrives.
 */
type Heighted = { height?: number };

export const cdfHeight = (p: Heighted): number => p.height ?? 240;
export const histogramHeight = (p: Heighted): number => p.height ?? 220;
/** The scatter's plot plus its legend line. */
export const scatterHeight = (p: Heighted): number => (p.height ?? 300) + 18;
export const trendHeight = (p: Heighted): number => p.height ?? 150;

/** The split bars' row and axis heights, which its placeholder's height follows. */
export const SPLIT_ROW_PX = 18;
export const SPLIT_AXIS_PX = 24;
/** One row per bar under the axis; the box scrolls past 420 px. */
export const splitBarsHeight = (p: { bars: readonly unknown[] }): number =>
  Math.min(420, Math.max(120, p.bars.length * SPLIT_ROW_PX + SPLIT_AXIS_PX + 12));
