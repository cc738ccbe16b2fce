import { METRIC_INFO } from './metric-info';
import type { StatMetric } from './stream-row';

/*
 * Number formatting per UI.md "Numbers", shared by the UI and every report so a value reads the
 * same everywhere. A fixed locale keeps reports byte-identical across machines (a CI job's
 * Markdown must not change with the runner's LANG).
 */

const LOCALE = 'en-US';
/** Written for a missing value (null, or no data). */
export const MISSING = '–';

const whole = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function isNum(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Rounds half away from zero to one decimal, so -2.25 and 2.25 mirror each other. */
function round1(v: number): number {
  return (Math.sign(v) * Math.round(Math.abs(v) * 10)) / 10;
}

/**
 * A plain number: one decimal under 10 (by magnitude), whole with thousands separators above.
 * Decided on the rounded value so 9.96 becomes "10", not "10.0".
 */
export function formatNumber(v: number | null | undefined): string {
  if (!isNum(v)) return MISSING;
  const r = round1(v);
  if (Math.abs(r) < 10) return oneDecimal.format(r === 0 ? 0 : r);
  const w = Math.sign(v) * Math.round(Math.abs(v));
  return whole.format(w === 0 ? 0 : w);
}

/** A duration: "3.4 ms", "1,234 ms", and "12.3 s" above 10,000 ms. */
export function formatMs(ms: number | null | undefined): string {
  if (!isNum(ms)) return MISSING;
  if (Math.abs(ms) > 10_000) return `${oneDecimal.format(round1(ms / 1000))} s`;
  return `${formatNumber(ms)} ms`;
}

/** A 0..1 share as a percentage with one decimal: 0.625 → "62.5%". */
export function formatShare(share: number | null | undefined): string {
  if (!isNum(share)) return MISSING;
  return `${oneDecimal.format(round1(share * 100))}%`;
}

/** A difference of two shares, in percentage points: 0.042 → "4.2 pp". */
export function formatPercentPoints(shareDiff: number | null | undefined): string {
  if (!isNum(shareDiff)) return MISSING;
  return `${oneDecimal.format(round1(shareDiff * 100))} pp`;
}

/** A relative change with its sign: 12.34 → "+12.3%", -5 → "−5.0%". */
export function formatPercentChange(pct: number | null | undefined): string {
  if (!isNum(pct)) return MISSING;
  const r = round1(pct);
  if (r === 0) return '0.0%';
  // A real minus sign reads better than a hyphen and cannot start a spreadsheet formula.
  return `${r > 0 ? '+' : '−'}${oneDecimal.format(Math.abs(r))}%`;
}

/** A rate in items per second: "12.3 items/s", "1,204 items/s". */
export function formatRate(perSecond: number | null | undefined): string {
  if (!isNum(perSecond)) return MISSING;
  return `${formatNumber(perSecond)} items/s`;
}

/** A count with thousands separators. */
export function formatCount(n: number | null | undefined): string {
  if (!isNum(n)) return MISSING;
  return whole.format(n);
}

/**
 * A p-value as it is usually quoted: "p < 0.001", "p = 0.004", "p = 0.42"; "p = n/a" when the
 * test could not run (an empty group).
 */
export function formatPValue(p: number | null | undefined): string {
  if (!isNum(p)) return 'p = n/a';
  if (p < 0.001) return 'p < 0.001';
  if (p < 0.01) return `p = ${p.toFixed(3)}`;
  // Never print "p = 1.00" for 0.996 while the test says "not quite 1"; two decimals suffice.
  return `p = ${Math.min(p, 1).toFixed(2)}`;
}

/** A value of the given metric in its own unit (ms, %, items/s). */
export function formatMetricValue(metric: StatMetric, v: number | null | undefined): string {
  switch (METRIC_INFO[metric].kind) {
    case 'duration':
      return formatMs(v);
    case 'share':
      return formatShare(v);
    case 'rate':
      return formatRate(v);
  }
}

/**
 * A difference (or spread, like std) of the given metric, by magnitude and in its own unit:
 * shares differ in percentage points, not percent.
 */
export function formatMetricDelta(metric: StatMetric, v: number | null | undefined): string {
  return METRIC_INFO[metric].kind === 'share' ? formatPercentPoints(v) : formatMetricValue(metric, v);
}

/**
 * A range in the metric's unit, the unit written once when both ends share it: "160–260 ms",
 * "9,800 ms–10.2 s". `delta` formats as a difference (percentage points for shares).
 */
export function formatRange(
  metric: StatMetric,
  lo: number | null | undefined,
  hi: number | null | undefined,
  delta = false,
): string {
  const fmt = delta ? formatMetricDelta : formatMetricValue;
  const a = fmt(metric, lo);
  const b = fmt(metric, hi);
  if (a === MISSING || b === MISSING) return MISSING;
  const unitA = a.slice(a.lastIndexOf(' ') + 1);
  const unitB = b.slice(b.lastIndexOf(' ') + 1);
  // "%" has no space before it; lastIndexOf(' ') is -1 and the whole string is not a unit.
  if (a.includes(' ') && b.includes(' ') && unitA === unitB) return `${a.slice(0, a.lastIndexOf(' '))}–${b}`;
  return `${a}–${b}`;
}

/** "p97 of 4,210": a percentile rank rounded to a whole percentile (half up), with its n. */
export function percentileRankLabel(r: { rank: number; n: number }): string {
  return `p${Math.round(r.rank)} of ${formatCount(r.n)}`;
}
