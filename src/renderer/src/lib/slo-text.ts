import {
  SLO_METRICS,
  type Slo,
  type SloBound,
  type SloMetric,
  type SloOp,
  sloSchema,
} from '../../../shared/slo';

/*
 * SLOs as the app shows and edits them: "ttft_ms ≤ 500 ms, inter_item_ms < 50 ms" (exact bounds,
 * in the metric's unit), and the editor's rows of text fields turned back into an SLO.
 */

const UNIT: Record<SloMetric, string> = {
  ttft_ms: 'ms',
  generation_ms: 'ms',
  consumer_ms: 'ms',
  gen_share: '',
  stream_ms: 'ms',
  legacy_ms_per_item: 'ms',
  inter_item_ms: 'ms',
  items_per_s: 'items/s',
  items: 'items',
};

export const sloUnit = (metric: SloMetric): string => UNIT[metric];

const exact = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** One bound as text: "ttft_ms ≤ 500 ms". */
export function describeBound(metric: SloMetric, b: SloBound): string {
  const unit = UNIT[metric];
  return `${metric} ${b.op === '<=' ? '≤' : '<'} ${exact.format(b.value)}${unit ? ` ${unit}` : ''}`;
}

/** The SLO as text, in the order given. */
export function describeSlo(slo: Slo): string {
  return (Object.entries(slo) as [SloMetric, SloBound][]).map(([m, b]) => describeBound(m, b)).join(', ');
}

/** One row of the editor: what the user typed. */
export interface SloRow {
  metric: SloMetric;
  op: SloOp;
  value: string;
}

export function rowsOf(slo: Slo | null): SloRow[] {
  if (!slo) return [{ metric: 'ttft_ms', op: '<=', value: '' }];
  return (Object.entries(slo) as [SloMetric, SloBound][]).map(([metric, b]) => ({
    metric,
    op: b.op,
    value: String(b.value),
  }));
}

/** A metric no row uses yet, for "Add bound". */
export function unusedMetric(rows: readonly SloRow[]): SloMetric | null {
  return SLO_METRICS.find((m) => !rows.some((r) => r.metric === m)) ?? null;
}

/** The rows as an SLO, or what to fix: a number per row, one bound per metric, at least one bound. */
export function sloOfRows(rows: readonly SloRow[]): { slo: Slo } | { error: string } {
  const out: Partial<Record<SloMetric, SloBound>> = {};
  for (const r of rows) {
    const text = r.value.trim().replace(/,/g, '');
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) return { error: `Give ${r.metric} a number.` };
    if (out[r.metric]) return { error: `${r.metric} is bounded twice: keep one bound per metric.` };
    out[r.metric] = { op: r.op, value };
  }
  const parsed = sloSchema.safeParse(out);
  return parsed.success ? { slo: parsed.data } : { error: 'Add at least one bound.' };
}
