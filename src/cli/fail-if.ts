import { STAT_METRICS, type StatMetric, type Stats } from '../shared/stream-row';
import { CliError, EXIT } from './exit-codes';

/** `--fail-if "ttft_ms.p95 > 800"`: a condition on one statistic of every reported group. */
export interface FailCondition {
  text: string;
  metric: StatMetric;
  stat: keyof Stats;
  op: '>' | '>=' | '<' | '<=' | '==' | '!=';
  value: number;
}

const STAT_NAMES = ['count', 'mean', 'std', 'min', 'p50', 'p90', 'p95', 'p99', 'max'] as const;
const CONDITION_RE = /^\s*([a-z_]+)\.([a-z0-9]+)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

export function parseFailCondition(text: string): FailCondition {
  const m = CONDITION_RE.exec(text);
  if (!m)
    throw new CliError(
      `Bad --fail-if "${text}": write METRIC.STAT OP NUMBER, e.g. "ttft_ms.p95 > 800".`,
      EXIT.usage,
    );
  const [, metric, stat, op, value] = m;
  if (!(STAT_METRICS as readonly string[]).includes(metric as string)) {
    throw new CliError(
      `Bad --fail-if "${text}": unknown metric "${metric}" (one of ${STAT_METRICS.join(', ')}).`,
      EXIT.usage,
    );
  }
  if (!(STAT_NAMES as readonly string[]).includes(stat as string)) {
    throw new CliError(
      `Bad --fail-if "${text}": unknown statistic "${stat}" (one of ${STAT_NAMES.join(', ')}).`,
      EXIT.usage,
    );
  }
  return {
    text,
    metric: metric as StatMetric,
    stat: stat as keyof Stats,
    op: op as FailCondition['op'],
    value: Number(value),
  };
}

/** True when the condition holds for these statistics; a missing statistic (no data) never holds. */
export function conditionHolds(c: FailCondition, stats: Stats): boolean {
  const v = stats[c.stat];
  if (v === null) return false;
  switch (c.op) {
    case '>':
      return v > c.value;
    case '>=':
      return v >= c.value;
    case '<':
      return v < c.value;
    case '<=':
      return v <= c.value;
    case '==':
      return v === c.value;
    case '!=':
      return v !== c.value;
  }
}
