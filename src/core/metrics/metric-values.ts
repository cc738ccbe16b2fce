import type { StatMetric, StreamRow } from '../../shared/stream-row';

export interface MetricValuesOptions {
  /** Failed streams are left out of timing statistics by default (BURR-FORMAT §3). */
  includeFailed?: boolean;
}

export interface MetricValues {
  /** The metric's finite values, in stream order. */
  values: Float64Array;
  /** How many of those values came from legacy (timestamp-derived) streams. */
  legacy: number;
}

/**
 * One metric's values over a set of streams: nulls (a metric the stream cannot have, e.g.
 * generation_ms of a legacy stream) and, by default, failed streams are skipped. The legacy count
 * lets a caller say when a number mixes the two derivations.
 */
export function metricValues(
  streams: readonly StreamRow[],
  metric: StatMetric,
  opts: MetricValuesOptions = {},
): MetricValues {
  const includeFailed = opts.includeFailed ?? false;
  const out = new Float64Array(streams.length);
  let n = 0;
  let legacy = 0;
  for (const s of streams) {
    if (s.failed && !includeFailed) continue;
    const v = s[metric];
    if (v === null || !Number.isFinite(v)) continue;
    out[n++] = v;
    if (s.timing_source === 'legacy') legacy++;
  }
  return { values: out.slice(0, n), legacy };
}
