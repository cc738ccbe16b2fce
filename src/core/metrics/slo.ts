import { SLO_METRICS, type Slo, type SloBound, type SloMetric, sloSchema } from '../../shared/slo';
import type { StreamRow } from '../../shared/stream-row';

/** A bound written as the user writes it: "ttft_ms<=500". */
const BOUND_RE = /^\s*([a-z_]+)\s*(<=|<)\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;

/** An SLO text that cannot be read; the message says what to write instead. */
export class SloParseError extends Error {}

/**
 * Parses `--slo "ttft_ms<=500,inter_item_ms<=50"`: comma-separated bounds, each METRIC OP NUMBER
 * with OP `<=` or `<` and METRIC a numeric field of the stream row. One bound per metric.
 */
export function parseSlo(text: string): Slo {
  const slo: Partial<Record<SloMetric, SloBound>> = {};
  for (const part of text.split(',')) {
    const m = BOUND_RE.exec(part);
    if (!m) {
      throw new SloParseError(
        `Bad SLO "${part.trim()}" in "${text}": write METRIC<=NUMBER or METRIC<NUMBER, comma-separated, e.g. "ttft_ms<=500,inter_item_ms<=50".`,
      );
    }
    const [, metric, op, value] = m as unknown as [string, string, '<=' | '<', string];
    if (!(SLO_METRICS as readonly string[]).includes(metric)) {
      throw new SloParseError(
        `Bad SLO "${part.trim()}": unknown metric "${metric}" (one of ${SLO_METRICS.join(', ')}).`,
      );
    }
    const key = metric as SloMetric;
    if (slo[key])
      throw new SloParseError(`Bad SLO "${text}": ${metric} is bounded twice; give one bound per metric.`);
    slo[key] = { op, value: Number(value) };
  }
  return sloSchema.parse(slo);
}

/** The SLO as text, in the order given: "ttft_ms<=500, inter_item_ms<=50". */
export function formatSlo(slo: Slo): string {
  return Object.entries(slo)
    .map(([metric, b]) => `${metric}${b.op}${b.value}`)
    .join(', ');
}

/**
 * Whether one stream meets every bound: a failed stream never does, and a metric the stream has
 * no value for (null, e.g. inter_item_ms of a one-item stream) fails its bound.
 */
export function meetsSlo(stream: StreamRow, slo: Slo): boolean {
  if (stream.failed) return false;
  for (const [metric, bound] of Object.entries(slo) as [SloMetric, SloBound][]) {
    const v = stream[metric];
    if (v === null || !Number.isFinite(v)) return false;
    if (bound.op === '<=' ? !(v <= bound.value) : !(v < bound.value)) return false;
  }
  return true;
}
