import { formatCount } from '../../shared/format';
import { METRIC_INFO } from '../../shared/metric-info';
import { STAT_METRICS } from '../../shared/stream-row';
import { escapeMarkdown as esc } from './markdown-escape';
import type { Report } from './report-model';
import {
  goodputComparisonNote,
  goodputComparisonTable,
  goodputHowText,
  goodputTable,
  regressionsHowText,
  regressionsTable,
  reportSlo,
} from './report-slo-tables';
import {
  comparisonGroupsText,
  comparisonTable,
  metricHowText,
  metricTable,
  streamsTable,
  summaryTable,
  type TableCell,
  type TextTable,
} from './report-tables';
import {
  conventionLines,
  groupByLabel,
  legacyNotes,
  REPORT_TITLE,
  selectionText,
  totals,
} from './report-text';

export interface MarkdownOptions {
  /** How many streams (failed first, then slowest TTFT) to list; default 10, 0 for none. */
  streamRows?: number;
}

function mdCell(c: TableCell): string {
  const text = esc(c.text);
  return c.tag ? `${text} (${esc(c.tag)})` : text;
}

/** A GFM table with escaped cells; numbers right-aligned, as UI.md asks. */
function mdTable(t: TextTable): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    line(t.headers.map(esc)),
    line(t.align.map((a) => (a === 'right' ? '--:' : '---'))),
    ...t.rows.map((r) => line(r.map(mdCell))),
  ].join('\n');
}

/**
 * Summary tables fit for a pull request: what was selected and when, one row per group, the
 * statistics of every metric, the comparison when there is one, the streams worth opening, and the
 * statistics convention. Every log-derived string is escaped so tables keep their shape.
 */
export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const t = totals(report);
  const out = [
    `# ${REPORT_TITLE}`,
    '',
    `- Generated: ${esc(report.generated_at)}`,
    `- Selection: ${esc(selectionText(report))}`,
    `- Grouped by: ${esc(groupByLabel(report.selection.group_by))}`,
    `- Streams: ${formatCount(t.streams)} (${formatCount(t.failed)} failed) in ${formatCount(t.groups)} groups`,
    '',
  ];
  if (report.groups.length === 0) {
    out.push('No streams match this selection.', '');
  } else {
    out.push('## Summary', '', mdTable(summaryTable(report)), '');
    const slo = reportSlo(report);
    if (slo && report.groups.some((g) => g.goodput)) {
      out.push('## Goodput', '', mdTable(goodputTable(report)), '', esc(goodputHowText(slo)), '');
    }
    if (report.regressions && report.regression_settings) {
      out.push('## Regressions over time', '');
      if (report.regressions.length === 0) out.push('No change points found.', '');
      else out.push(mdTable(regressionsTable(report)), '');
      out.push(esc(regressionsHowText(report.regression_settings)), '');
    }
    out.push('## Statistics per metric', '');
    for (const m of STAT_METRICS) {
      out.push(
        `### ${esc(METRIC_INFO[m].label)}`,
        '',
        mdTable(metricTable(report, m)),
        '',
        esc(metricHowText(m)),
        '',
      );
    }
  }
  const c = report.comparison;
  if (c) {
    out.push('## Comparison', '', esc(comparisonGroupsText(c)), '');
    for (const m of c.metrics) out.push(`### ${esc(m.label)}`, '', mdTable(comparisonTable(m)), '');
    if (c.goodput) out.push('### Goodput', '', mdTable(goodputComparisonTable(c.goodput)), '');
    const goodputNote = goodputComparisonNote(c);
    if (goodputNote) out.push(`- ${esc(goodputNote)}`);
    out.push(...c.notes.map((n) => `- ${esc(n)}`), '');
  }
  const limit = opts.streamRows ?? 10;
  if (limit > 0 && report.streams.length > 0) {
    const table = streamsTable(report, limit);
    out.push(
      '## Streams to look at',
      '',
      `Failed streams first, then the slowest TTFT: ${formatCount(table.rows.length)} of ${formatCount(report.streams.length)} shown; every stream is in the CSV and JSON exports.`,
      '',
      mdTable(table),
      '',
    );
  }
  out.push(
    '---',
    '',
    '**Convention.** n counts the streams that have a value for the metric.',
    '',
    ...conventionLines().map((l) => `- ${esc(l)}`),
    ...legacyNotes(report).map((l) => `- ${esc(l)}`),
    '',
  );
  return out.join('\n');
}
