import type { GoodputComparison } from '../../shared/schemas/compare';
import type { Goodput, Slo } from '../../shared/slo';
import type { StreamRow } from '../../shared/stream-row';
import { meetsSlo } from './slo';
import { twoProportionZTest } from './two-proportion';

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

export type { GoodputComparison, GoodputDiff } from '../../shared/schemas/compare';

/** Goodput per compared group, each after the first tested against the first (two-proportion z-test). */
export function compareGoodput(
  groups: readonly { name: string; streams: readonly StreamRow[] }[],
  slo: Slo,
): GoodputComparison {
  const per = groups.map((g) => ({ name: g.name, goodput: goodput(g.streams, slo) }));
  const base = per[0];
  const diffs = base
    ? per.slice(1).map((g) => {
        const t = twoProportionZTest(base.goodput.met, base.goodput.of, g.goodput.met, g.goodput.of);
        return { group: g.name, baseline: base.name, diff: t.diff, z: t.z, p: t.p };
      })
    : [];
  return { slo, baseline: base?.name ?? '', groups: per, diffs };
}
