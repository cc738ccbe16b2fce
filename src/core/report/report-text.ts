import { METRIC_INFO } from '../../shared/metric-info';
import { STAT_METRICS, STATS_CONVENTION, type StatMetric } from '../../shared/stream-row';
import type { FilterValue, GroupBy, Report, ReportGroup } from './report-model';

/*
 * Wording shared by the Markdown and HTML renderers, so both say the same thing about what a
 * report contains. Returns plain text: each renderer escapes it for its own format.
 */

export const REPORT_TITLE = 'Stream Lens report';

const GROUP_BY_LABEL: Record<GroupBy, string> = {
  project: 'project',
  app: 'app id',
  partition: 'partition key',
  action: 'action',
};

export function groupByLabel(groupBy: GroupBy): string {
  return GROUP_BY_LABEL[groupBy];
}

function filterValueText(v: FilterValue): string {
  if (v === null) return '(none)';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/** The filters as "key = value" pairs, in the order given. */
export function selectionPairs(report: Report): [string, string][] {
  return Object.entries(report.selection.filters).map(([k, v]) => [k, filterValueText(v)]);
}

/** One line: "project = chat; app = run-*", or "all streams" when there are no filters. */
export function selectionText(report: Report): string {
  const pairs = selectionPairs(report);
  return pairs.length === 0 ? 'all streams' : pairs.map(([k, v]) => `${k} = ${v}`).join('; ');
}

/** The statistics convention as footnote lines, from STATS_CONVENTION so every format says the same. */
export function conventionLines(): string[] {
  return [
    `Percentiles: ${STATS_CONVENTION.percentiles}.`,
    `Std: ${STATS_CONVENTION.std}.`,
    `Failed: ${STATS_CONVENTION.failed}.`,
    `Clocks: ${STATS_CONVENTION.clocks}.`,
  ];
}

/** "hooks 40", "legacy 12", "hooks 30, legacy 10". */
export function timingText(g: ReportGroup): string {
  const parts: string[] = [];
  if (g.timing_sources.hooks > 0) parts.push(`hooks ${g.timing_sources.hooks}`);
  if (g.timing_sources.legacy > 0) parts.push(`legacy ${g.timing_sources.legacy}`);
  return parts.length > 0 ? parts.join(', ') : '–';
}

/** Whether some stream of the report derives `metric` the legacy way in a way that changes its meaning. */
export function hasLegacyCaveat(report: Report, metric: StatMetric): boolean {
  return METRIC_INFO[metric].legacyDiffers && report.groups.some((g) => g.timing_sources.legacy > 0);
}

/** Footnotes on how each metric is derived, for the metrics a legacy stream derives differently. */
export function legacyNotes(report: Report): string[] {
  return STAT_METRICS.filter((m) => hasLegacyCaveat(report, m)).map(
    (m) => `${METRIC_INFO[m].label}: ${METRIC_INFO[m].note}.`,
  );
}

/** Totals for the header line. */
export function totals(report: Report): { streams: number; failed: number; groups: number } {
  let streams = 0;
  let failed = 0;
  for (const g of report.groups) {
    streams += g.streams;
    failed += g.failed;
  }
  return { streams, failed, groups: report.groups.length };
}

/** Failed first, then by TTFT descending, nulls last: the order of "streams to look at". */
function moreNotable(a: Report['streams'][number], b: Report['streams'][number]): boolean {
  if (a.failed !== b.failed) return a.failed;
  const ta = a.ttft_ms ?? Number.NEGATIVE_INFINITY;
  const tb = b.ttft_ms ?? Number.NEGATIVE_INFINITY;
  return ta > tb;
}

/**
 * The streams a reader most likely wants to open: failed first, then by TTFT descending (nulls
 * last). Up to `limit`; the full list is in the CSV and JSON exports. A bounded insertion keeps
 * this O(n·limit) without copying and sorting 100k rows for the sake of 25.
 */
export function notableStreams(report: Report, limit: number): Report['streams'] {
  const top: Report['streams'] = [];
  if (limit <= 0) return top;
  for (const s of report.streams) {
    const last = top[top.length - 1];
    if (top.length === limit && last && !moreNotable(s, last)) continue;
    let i = top.length;
    while (i > 0 && moreNotable(s, top[i - 1] as Report['streams'][number])) i--;
    top.splice(i, 0, s);
    if (top.length > limit) top.pop();
  }
  return top;
}
