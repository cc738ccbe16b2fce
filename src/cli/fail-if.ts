import type { Goodput } from '../shared/slo';
import { STAT_METRICS, type StatMetric, type Stats } from '../shared/stream-row';
import { CliError, EXIT } from './exit-codes';

type Op = '>' | '>=' | '<' | '<=' | '==' | '!=';

/**
 * `--fail-if "ttft_ms.p95 > 800"`: a condition on one statistic of every reported group, or
 * `--fail-if "goodput < 0.95"`: on the group's goodput share (0..1; needs --slo).
 */
export type FailCondition =
  | { kind: 'stat'; text: string; metric: StatMetric; stat: keyof Stats; op: Op; value: number }
  | { kind: 'goodput'; text: string; op: Op; value: number };

/** What a condition is checked against: one report or compared group. */
export interface FailTarget {
  stats: (metric: StatMetric) => Stats | undefined;
  goodput: Goodput | undefined;
}

const STAT_NAMES = ['count', 'mean', 'std', 'min', 'p50', 'p90', 'p95', 'p99', 'max'] as const;
const CONDITION_RE = /^\s*([a-z_]+)\.([a-z0-9]+)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;
const GOODPUT_RE = /^\s*goodput(?:\.share)?\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

export function parseFailCondition(text: string): FailCondition {
  const g = GOODPUT_RE.exec(text);
  if (g) return { kind: 'goodput', text, op: g[1] as Op, value: Number(g[2]) };
  const m = CONDITION_RE.exec(text);
  if (!m)
    throw new CliError(
      `Bad --fail-if "${text}": write METRIC.STAT OP NUMBER, e.g. "ttft_ms.p95 > 800", or goodput OP SHARE, e.g. "goodput < 0.95".`,
      EXIT.usage,
    );
  const [, metric, stat, op, value] = m;
  if (!(STAT_METRICS as readonly string[]).includes(metric as string)) {
    throw new CliError(
      `Bad --fail-if "${text}": unknown metric "${metric}" (one of ${STAT_METRICS.join(', ')}, or goodput).`,
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
    kind: 'stat',
    text,
    metric: metric as StatMetric,
    stat: stat as keyof Stats,
    op: op as Op,
    value: Number(value),
  };
}

function compare(v: number, op: Op, value: number): boolean {
  switch (op) {
    case '>':
      return v > value;
    case '>=':
      return v >= value;
    case '<':
      return v < value;
    case '<=':
      return v <= value;
    case '==':
      return v === value;
    case '!=':
      return v !== value;
  }
}

/** The value the condition looks at ("ttft_ms.p95 = 812"), or null when there is none (no data). */
export function conditionValue(c: FailCondition, target: FailTarget): { name: string; value: number } | null {
  if (c.kind === 'goodput') {
    const share = target.goodput?.share ?? null;
    return share === null ? null : { name: 'goodput', value: share };
  }
  const v = target.stats(c.metric)?.[c.stat] ?? null;
  return v === null ? null : { name: `${c.metric}.${c.stat}`, value: v };
}

/** True when the condition holds for the target; a missing value (no data) never holds. */
export function conditionHolds(c: FailCondition, target: FailTarget): boolean {
  const v = conditionValue(c, target);
  return v !== null && compare(v.value, c.op, c.value);
}
