import { METRIC_INFO } from '../../../../shared/metric-info';
import type { CompareOutcome } from '../../../../shared/schemas/compare';
import type { StatMetric } from '../../../../shared/stream-row';

/** The verdict's outcome in one or two words: "slower", "faster", "higher", "no clear difference". */
export function outcomeLabel(metric: StatMetric, outcome: CompareOutcome): string {
  if (outcome === 'higher' || outcome === 'lower') {
    const better = METRIC_INFO[metric]?.higherIsBetter ?? null;
    if (better === null) return outcome;
    return (outcome === 'higher') === better ? 'faster' : 'slower';
  }
  if (outcome === 'no-clear-difference') return 'no clear difference';
  if (outcome === 'too-small') return 'too small to tell';
  return 'no data';
}

export function outcomeSymbol(outcome: CompareOutcome): string {
  if (outcome === 'higher') return '▲';
  if (outcome === 'lower') return '▼';
  if (outcome === 'no-clear-difference') return '=';
  return '?';
}
