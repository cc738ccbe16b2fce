import {
  formatCount,
  formatMetricDelta,
  formatMetricValue,
  formatPercentChange,
  formatPValue,
  formatShare,
  MISSING,
} from '../../shared/format';
import { METRIC_INFO } from '../../shared/metric-info';
import type { Comparison, MetricComparison } from '../../shared/schemas/compare';
import type { StatMetric, Stats } from '../../shared/stream-row';
import type { Report, ReportGroup } from './report-model';
import { groupByLabel, hasLegacyCaveat, notableStreams, timingText } from './report-text';

/*
 * The report's tables as plain text, built once for every text format: Markdown and HTML differ
 * only in how they escape and style a cell, never in what the tables say.
 */

export type Align = 'left' | 'right';

/** How a cell is styled where the format can: failed in red, legacy lighter and labelled. */
export type Tone = 'failed' | 'legacy' | 'muted';

export interface TableCell {
  /** Plain text, unescaped: the renderer escapes it for its format. */
  text: string;
  tone?: Tone;
  /** Extra words after the text (e.g. "legacy: 3 of 40"), styled as a tag where possible. */
  tag?: string;
}

export interface TextTable {
  headers: string[];
  align: Align[];
  rows: TableCell[][];
}

const cell = (text: string, tone?: Tone): TableCell => (tone ? { text, tone } : { text });

/** A count that is red when it counts failures. */
function failedCell(n: number): TableCell {
  return cell(formatCount(n), n > 0 ? 'failed' : undefined);
}

function keyCell(report: Report, g: ReportGroup, metric: StatMetric | null): TableCell {
  const legacy = g.timing_sources.legacy;
  if (metric !== null && hasLegacyCaveat(report, metric) && legacy > 0) {
    return { text: g.key, tag: `legacy: ${legacy} of ${g.streams} streams` };
  }
  return { text: g.key };
}

export function summaryTable(report: Report): TextTable {
  const legacyInterItem = hasLegacyCaveat(report, 'inter_item_ms');
  const withGoodput = report.groups.some((g) => g.goodput);
  const headers = [
    groupByLabel(report.selection.group_by),
    'streams',
    'failed',
    'apps',
    'timing',
    'TTFT p50',
    'TTFT p90',
    'TTFT p99',
    'generation p50',
    'consumer p50',
    'generation share p50',
    legacyInterItem ? 'inter-item p50 (legacy incl. consumer)' : 'inter-item p50',
    'items/s p50',
  ];
  const rows = report.groups.map((g) => [
    { text: g.key },
    cell(formatCount(g.streams)),
    failedCell(g.failed),
    cell(formatCount(g.apps)),
    cell(timingText(g), g.timing_sources.legacy > 0 ? 'legacy' : undefined),
    cell(formatMetricValue('ttft_ms', g.ttft_ms.p50)),
    cell(formatMetricValue('ttft_ms', g.ttft_ms.p90)),
    cell(formatMetricValue('ttft_ms', g.ttft_ms.p99)),
    cell(formatMetricValue('generation_ms', g.generation_ms.p50)),
    cell(formatMetricValue('consumer_ms', g.consumer_ms.p50)),
    cell(formatMetricValue('gen_share', g.gen_share.p50)),
    cell(
      formatMetricValue('inter_item_ms', g.inter_item_ms.p50),
      legacyInterItem && g.timing_sources.legacy > 0 ? 'legacy' : undefined,
    ),
    cell(formatMetricValue('items_per_s', g.items_per_s.p50)),
    // Only with SLOs: goodput is the last column, so it stays out of reports without them.
    ...(withGoodput ? [cell(g.goodput ? formatShare(g.goodput.share) : MISSING)] : []),
  ]);
  if (withGoodput) headers.push('goodput');
  const align = headers.map((_, i): Align => (i === 0 || i === 4 ? 'left' : 'right'));
  return { headers, align, rows };
}

export const STAT_COLUMNS = ['n', 'mean', 'std', 'min', 'p50', 'p90', 'p95', 'p99', 'max'] as const;

function statCells(metric: StatMetric, s: Stats, tone: Tone | undefined): TableCell[] {
  return [
    cell(formatCount(s.count)),
    cell(formatMetricValue(metric, s.mean), tone),
    cell(formatMetricDelta(metric, s.std), tone),
    cell(formatMetricValue(metric, s.min), tone),
    cell(formatMetricValue(metric, s.p50), tone),
    cell(formatMetricValue(metric, s.p90), tone),
    cell(formatMetricValue(metric, s.p95), tone),
    cell(formatMetricValue(metric, s.p99), tone),
    cell(formatMetricValue(metric, s.max), tone),
  ];
}

/** Full statistics of one metric, a row per group. */
export function metricTable(report: Report, metric: StatMetric): TextTable {
  const caveat = hasLegacyCaveat(report, metric);
  return {
    headers: [groupByLabel(report.selection.group_by), ...STAT_COLUMNS],
    align: ['left', ...STAT_COLUMNS.map((): Align => 'right')],
    rows: report.groups.map((g) => [
      keyCell(report, g, metric),
      ...statCells(metric, g[metric], caveat && g.timing_sources.legacy > 0 ? 'legacy' : undefined),
    ]),
  };
}

function signed(metric: StatMetric, v: number | null): string {
  if (v === null) return MISSING;
  const sign = v > 0 ? '+' : v < 0 ? '−' : '';
  return `${sign}${formatMetricDelta(metric, Math.abs(v))}`;
}

/** One metric of a comparison: the baseline row, then each group's differences and verdict. */
export function comparisonTable(c: MetricComparison): TextTable {
  const m = c.metric;
  const headers = ['group', 'n', 'p50', 'Δ p50', 'Δ p50 %', 'Δ mean', 'CI of Δ median', 'p', 'verdict'];
  const rows = c.groups.map((g, i): TableCell[] => {
    const base = [
      { text: g.name },
      cell(formatCount(g.stats.count)),
      cell(formatMetricValue(m, g.stats.p50)),
    ];
    const d = i === 0 ? undefined : c.diffs[i - 1];
    if (!d) {
      const blank = cell(MISSING, 'muted');
      return [...base, cell('baseline', 'muted'), blank, blank, blank, blank, blank];
    }
    const ci =
      d.medianCI.lo === null ? MISSING : `${signed(m, d.medianCI.lo)} to ${signed(m, d.medianCI.hi)}`;
    // A too-small verdict already says so; repeating the small-sample warning adds nothing.
    const warnings = d.warnings
      .filter((w) => !(d.outcome === 'too-small' && w.kind === 'small-sample'))
      .map((w) => w.text);
    const verdict: TableCell =
      warnings.length > 0 ? { text: d.verdict, tag: `⚠ ${warnings.join('; ')}` } : { text: d.verdict };
    return [
      ...base,
      cell(signed(m, d.p50.abs)),
      cell(formatPercentChange(d.p50.pct)),
      cell(signed(m, d.mean.abs)),
      cell(ci),
      cell(formatPValue(d.mannWhitney.p)),
      verdict,
    ];
  });
  return {
    headers,
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    rows,
  };
}

/** One line about the compared groups: sizes, failures and legacy streams. */
export function comparisonGroupsText(c: Comparison): string {
  const groups = c.groups.map((g) => {
    const legacy = g.legacy > 0 ? `, ${formatCount(g.legacy)} legacy` : '';
    return `${g.name} (${formatCount(g.streams)} streams, ${formatCount(g.failed)} failed${legacy})`;
  });
  return `Baseline: ${c.baseline}. Groups: ${groups.join('; ')}.`;
}

/** The streams worth opening (failed first, then slowest TTFT), with what identifies them. */
export function streamsTable(report: Report, limit: number): TextTable {
  const headers = [
    'app id',
    'partition',
    'seq',
    'action',
    'status',
    'timing',
    'TTFT',
    'generation',
    'consumer',
    'items',
    'items/s',
  ];
  const rows = notableStreams(report, limit).map((s) => {
    const legacy = s.timing_source === 'legacy' ? 'legacy' : undefined;
    return [
      { text: s.app_id },
      cell(s.partition_key ?? MISSING, s.partition_key === null ? 'muted' : undefined),
      cell(String(s.sequence_id)),
      cell(s.action ?? MISSING, s.action === null ? 'muted' : undefined),
      cell(s.failed ? 'failed' : 'ok', s.failed ? 'failed' : undefined),
      cell(s.timing_source, legacy),
      cell(formatMetricValue('ttft_ms', s.ttft_ms), legacy),
      cell(formatMetricValue('generation_ms', s.generation_ms)),
      cell(formatMetricValue('consumer_ms', s.consumer_ms)),
      cell(formatCount(s.items)),
      cell(formatMetricValue('items_per_s', s.items_per_s), legacy),
    ];
  });
  const align = headers.map(
    (h): Align =>
      ['seq', 'TTFT', 'generation', 'consumer', 'items', 'items/s'].includes(h) ? 'right' : 'left',
  );
  return { headers, align, rows };
}

/** "How: …" line under a metric's table. */
export function metricHowText(metric: StatMetric): string {
  return `How: ${METRIC_INFO[metric].note}.`;
}
