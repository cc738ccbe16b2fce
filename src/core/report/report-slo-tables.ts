import {
  formatCount,
  formatMetricValue,
  formatPercentChange,
  formatPercentPoints,
  formatPValue,
  formatShare,
  MISSING,
} from '../../shared/format';
import { METRIC_INFO } from '../../shared/metric-info';
import type { Comparison } from '../../shared/schemas/compare';
import type { Goodput } from '../../shared/slo';
import type { GoodputComparison } from '../metrics/goodput';
import type { Regression, RegressionSettings, SegmentSummary } from '../metrics/regressions';
import { formatSlo } from '../metrics/slo';
import type { Report } from './report-model';
import type { TableCell, TextTable } from './report-tables';
import { groupByLabel } from './report-text';

/*
 * The goodput and regression tables of issue 14, as plain text for every text format (the
 * renderers escape each cell, like report-tables).
 */

/** "95.2% (40 of 42)". */
export function goodputText(g: Goodput): string {
  return `${formatShare(g.share)} (${formatCount(g.met)} of ${formatCount(g.of)})`;
}

/** The SLOs of the report, or null when none were given. */
export function reportSlo(report: Report): Goodput['slo'] | null {
  return report.groups.find((g) => g.goodput)?.goodput?.slo ?? report.comparison?.goodput?.slo ?? null;
}

/** The line that says what goodput means here. */
export function goodputHowText(slo: Goodput['slo']): string {
  return `How: a stream meets the SLOs (${formatSlo(slo)}) when every named metric has a value within its bound; failed streams never do; goodput = streams meeting them / every stream of the group, failed included.`;
}

export function goodputTable(report: Report): TextTable {
  return {
    headers: [groupByLabel(report.selection.group_by), 'streams', 'met SLOs', 'goodput'],
    align: ['left', 'right', 'right', 'right'],
    rows: report.groups.map((g): TableCell[] => [
      { text: g.key },
      { text: formatCount(g.streams) },
      { text: g.goodput ? formatCount(g.goodput.met) : MISSING },
      { text: g.goodput ? formatShare(g.goodput.share) : MISSING },
    ]),
  };
}

/** Goodput per compared group, with the difference from the baseline and its z-test p-value. */
export function goodputComparisonTable(gc: GoodputComparison): TextTable {
  return {
    headers: ['group', 'met SLOs', 'goodput', 'Δ goodput', 'p (two-proportion z-test)'],
    align: ['left', 'right', 'right', 'right', 'right'],
    rows: gc.groups.map((g, i): TableCell[] => {
      const d = i === 0 ? undefined : gc.diffs[i - 1];
      const diff = d?.diff ?? null;
      const signed =
        diff === null
          ? MISSING
          : `${diff > 0 ? '+' : diff < 0 ? '−' : ''}${formatPercentPoints(Math.abs(diff))}`;
      return [
        { text: g.name },
        { text: `${formatCount(g.goodput.met)} of ${formatCount(g.goodput.of)}` },
        { text: formatShare(g.goodput.share) },
        d ? { text: signed } : { text: 'baseline', tone: 'muted' },
        d ? { text: formatPValue(d.p) } : { text: MISSING, tone: 'muted' },
      ];
    }),
  };
}

export function goodputComparisonNote(c: Comparison): string | null {
  if (!c.goodput) return null;
  return `Goodput against ${formatSlo(c.goodput.slo)}: each group against the first by a two-sided two-proportion z-test (pooled); rough when a group has fewer than 5 streams meeting or missing the SLOs.`;
}

function segmentText(r: Regression, s: SegmentSummary): string {
  return `p50 ${formatMetricValue(r.metric, s.p50)} · p90 ${formatMetricValue(r.metric, s.p90)} (n = ${formatCount(s.n)})`;
}

export function regressionsTable(report: Report): TextTable {
  const rows = (report.regressions ?? []).map((r): TableCell[] => [
    { text: r.group },
    { text: METRIC_INFO[r.metric].label },
    { text: r.stat },
    { text: r.at },
    { text: segmentText(r, r.before) },
    { text: segmentText(r, r.after) },
    { text: formatPercentChange(r.change_pct) },
    r.direction === 'worse' ? { text: 'worse', tone: 'failed' } : { text: r.direction },
    { text: formatPValue(r.p) },
  ]);
  return {
    headers: [
      groupByLabel(report.selection.group_by),
      'metric',
      'series',
      'at (UTC)',
      'before',
      'after',
      'change',
      'direction',
      'p',
    ],
    align: ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'left', 'right'],
    rows,
  };
}

/** How the regressions were found, for the line under the table. */
export function regressionsHowText(s: RegressionSettings): string {
  return `How: ${s.method}; ${s.series} (at least ${s.min_bucket} streams per bucket, at most ${s.max_points} buckets); at least ${s.min_segment} buckets on each side of a change point; a change point is kept when its p < ${s.alpha} (${s.permutations} permutations, seed ${s.seed}). "at" is the start of the first stream after the change; before/after cover the streams up to the neighbouring change points.`;
}
