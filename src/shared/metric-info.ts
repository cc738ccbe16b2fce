import type { StatMetric } from './stream-row';

/** How a metric's numbers are written and read: durations in ms, a 0..1 share, or a rate. */
export type MetricKind = 'duration' | 'share' | 'rate';

export interface MetricInfo {
  /** Short label for table headers and verdicts ("TTFT", "generation"). */
  readonly label: string;
  readonly kind: MetricKind;
  /**
   * Whether a larger value is the better outcome. Decides whether a difference reads as
   * faster/slower (durations, rates) or only higher/lower (the share, which has no "better").
   */
  readonly higherIsBetter: boolean | null;
  /**
   * Whether legacy streams derive this number differently enough that mixing them with hooks
   * streams changes its meaning (e.g. legacy inter-item includes consumer time).
   */
  readonly legacyDiffers: boolean;
  /** One line on how the number is derived, for footnotes; legacy caveats included. */
  readonly note: string;
}

/** Display facts for every metric of STAT_METRICS, shared by comparisons, reports and the UI. */
export const METRIC_INFO: Readonly<Record<StatMetric, MetricInfo>> = {
  ttft_ms: {
    label: 'TTFT',
    kind: 'duration',
    higherIsBetter: false,
    legacyDiffers: false,
    note: 'time to first item: first_item_time_ms (hooks) or first_item_time - stream_init_time (legacy)',
  },
  generation_ms: {
    label: 'generation',
    kind: 'duration',
    higherIsBetter: false,
    legacyDiffers: false,
    note: 'time spent inside the generator (hooks only)',
  },
  consumer_ms: {
    label: 'consumer',
    kind: 'duration',
    higherIsBetter: false,
    legacyDiffers: false,
    note: 'time the consumer spent between items (hooks only)',
  },
  gen_share: {
    label: 'generation share',
    kind: 'share',
    higherIsBetter: null,
    legacyDiffers: false,
    note: 'generation / (generation + consumer) (hooks only)',
  },
  inter_item_ms: {
    label: 'inter-item',
    kind: 'duration',
    higherIsBetter: false,
    legacyDiffers: true,
    note: '(generation - TTFT) / (items - 1) for hooks; legacy: (end - first item) / (items - 1), which includes consumer time',
  },
  items_per_s: {
    label: 'items/s',
    kind: 'rate',
    higherIsBetter: true,
    legacyDiffers: true,
    note: 'items / generation seconds (hooks) or items / stream seconds (legacy)',
  },
  legacy_ms_per_item: {
    label: 'legacy ms/item',
    kind: 'duration',
    higherIsBetter: false,
    legacyDiffers: false,
    note: "(end - first item) / items: Burr UI's throughput formula, kept for comparability",
  },
};
