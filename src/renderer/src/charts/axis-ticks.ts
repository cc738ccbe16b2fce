import { getNiceTickValues } from 'recharts';
import type { ThemeColors } from '../theme/use-theme-colors';

/** Ticks at 1, 2, 5 × 10^k inside [lo, hi]; only powers of ten when that would be crowded. */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= lo && v <= hi) out.push(v);
    }
  }
  if (out.length > 9) return out.filter((v) => Number.isInteger(Math.log10(v)) || v === out[0]);
  if (out.length < 2) return [lo, hi];
  return out;
}

/** Round-number ticks inside [lo, hi], so the axis keeps the histogram's own range. */
export function linearTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const ticks = getNiceTickValues([lo, hi], count, true).filter((v) => v >= lo - 1e-9 && v <= hi + 1e-9);
  return ticks.length >= 2 ? ticks : [lo, hi];
}

/** Axis labels drop the unit at zero ("0", not "0.0 ms"): the other ticks say it. */
export function axisLabel(format: (v: number) => string): (v: number) => string {
  return (v) => (v === 0 ? '0' : format(v));
}

/** A round upper bound for an axis that starts at 0, so the top tick is a number people read easily. */
export function niceMax(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const ticks = getNiceTickValues([0, max], count, true);
  return ticks[ticks.length - 1] ?? max;
}

/** How every chart axis looks: one place, so all charts match. */
export function axisStyle(colors: ThemeColors): { stroke: string; tick: { fill: string; fontSize: number } } {
  return { stroke: colors.border, tick: { fill: colors.axis, fontSize: 11 } };
}
