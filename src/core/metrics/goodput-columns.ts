import type { Goodput, Slo, SloBound, SloMetric } from '../../shared/slo';
import type { StreamColumns } from './stream-columns';

/** The snapshot column of each metric an SLO may bound (NaN stands for null). */
type MetricColumn =
  | 'ttft'
  | 'generation'
  | 'consumer'
  | 'genShare'
  | 'streamMs'
  | 'legacyMsPerItem'
  | 'interItem'
  | 'itemsPerS'
  | 'items';
const COLUMN_OF: Record<SloMetric, MetricColumn> = {
  ttft_ms: 'ttft',
  generation_ms: 'generation',
  consumer_ms: 'consumer',
  gen_share: 'genShare',
  stream_ms: 'streamMs',
  legacy_ms_per_item: 'legacyMsPerItem',
  inter_item_ms: 'interItem',
  items_per_s: 'itemsPerS',
  items: 'items',
};

/**
 * goodput() (metrics/goodput.ts) over columns instead of stream rows: the same rule as meetsSlo
 * (failed never meets; a missing value fails its bound), in one scan of the dashboard's selection
 * (`rows` of `c`, ascending; null: all of them).
 */
export function goodputOfColumns(c: StreamColumns, slo: Slo, rows: Int32Array | null = null): Goodput {
  const bounds = (Object.entries(slo) as [SloMetric, SloBound][]).map(([metric, b]) => ({
    col: c[COLUMN_OF[metric]],
    strict: b.op === '<',
    value: b.value,
  }));
  let met = 0;
  const n = rows ? rows.length : c.n;
  for (let j = 0; j < n; j++) {
    const i = rows ? (rows[j] as number) : j;
    if (c.failed[i] !== 0) continue;
    let ok = true;
    for (const b of bounds) {
      const v = b.col[i] as number;
      // NaN (null) fails both comparisons, as meetsSlo fails a missing value.
      if (!Number.isFinite(v) || (b.strict ? !(v < b.value) : !(v <= b.value))) {
        ok = false;
        break;
      }
    }
    if (ok) met++;
  }
  return { slo, met, of: n, share: n === 0 ? null : met / n };
}
