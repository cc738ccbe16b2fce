import type { StreamRow } from '../../shared/stream-row';
import { cdfPoints, histogram } from './histogram';
import { metricValues } from './metric-values';
import { computeStats } from './stats';

/** Chart data for one compare group: what the overlaid CDFs and side-by-side bars draw. */
export function compareGroupCharts(group: { name: string; streams: readonly StreamRow[] }) {
  const ttft = metricValues(group.streams, 'ttft_ms').values;
  const h = ttft.length > 0 ? histogram(ttft) : { edges: [], counts: [] };
  return {
    name: group.name,
    streams: group.streams.length,
    failed: group.streams.filter((s) => s.failed).length,
    ttftCdf: cdfPoints(ttft, 300),
    ttftHistogram: { edges: h.edges, counts: h.counts },
    generation: computeStats(metricValues(group.streams, 'generation_ms').values),
    consumer: computeStats(metricValues(group.streams, 'consumer_ms').values),
    itemsPerS: computeStats(metricValues(group.streams, 'items_per_s').values),
  };
}
