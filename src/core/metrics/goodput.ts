import type { Goodput, Slo } from '../../shared/slo';
import type { StreamRow } from '../../shared/stream-row';
import { meetsSlo } from './slo';

/**
 * Goodput as AIPerf / vLLM `--goodput` define it: the share of requests that meet every SLO. The
 * denominator is every stream of the group, failed ones included (a failed stream is a request the
 * user did not get served well), so goodput never looks better by failing slow streams.
 */
export function goodput(streams: readonly StreamRow[], slo: Slo): Goodput {
  let met = 0;
  for (const s of streams) if (meetsSlo(s, slo)) met++;
  const of = streams.length;
  return { slo, met, of, share: of === 0 ? null : met / of };
}
