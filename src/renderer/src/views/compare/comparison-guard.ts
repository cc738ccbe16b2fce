import type { Comparison } from '../../../../core/metrics/compare-groups';

/**
 * The contract types the comparison as unknown (its shape lives in core/metrics/compare-groups);
 * check the parts the view reads before trusting it, so a host/renderer version mismatch shows a
 * message instead of a crash.
 */
export function asComparison(x: unknown): Comparison | null {
  if (typeof x !== 'object' || x === null) return null;
  const c = x as Partial<Comparison>;
  if (typeof c.baseline !== 'string' || !Array.isArray(c.groups) || !Array.isArray(c.metrics)) return null;
  for (const m of c.metrics) {
    if (typeof m !== 'object' || m === null || !Array.isArray(m.groups) || !Array.isArray(m.diffs))
      return null;
    for (const d of m.diffs) if (!Array.isArray(d.warnings)) return null;
  }
  return { ...c, notes: Array.isArray(c.notes) ? c.notes : [] } as Comparison;
}
