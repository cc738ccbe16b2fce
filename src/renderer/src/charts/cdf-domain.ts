import { linearTicks, logTicks } from './axis-ticks';

/**
 * A CDF chart's x range and ticks. `shown` is the range of the points drawn (on a log axis only
 * those above 0, which it cannot place); `shared` is the range several charts share so they read
 * against each other. A log axis cannot start at or below 0: a shared range that does (a TTFT of
 * 0 in one group) starts at the first value drawn instead, else the axis had no ticks at all.
 */
export function cdfXAxis(
  shown: readonly [number, number],
  shared: readonly [number, number] | undefined,
  log: boolean,
): { domain: [number, number]; ticks: number[] } {
  let lo = shared?.[0] ?? shown[0];
  const hi = shared?.[1] ?? shown[1];
  if (log && !(lo > 0)) lo = shown[0];
  const domain: [number, number] = hi > lo ? [lo, hi] : [lo * 0.9, hi * 1.1 + 1];
  return { domain, ticks: log ? logTicks(domain[0], domain[1]) : linearTicks(domain[0], domain[1]) };
}
