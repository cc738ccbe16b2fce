import { formatCount, formatMs } from '../../shared/format';
import { METRIC_INFO } from '../../shared/metric-info';
import { STAT_METRICS, type StreamRow } from '../../shared/stream-row';
import { defaultBinCount, histogram } from '../metrics/histogram';
import { sortedFinite } from '../metrics/stats';
import { escapeHtml as esc } from './html-escape';
import { REPORT_CSS } from './html-style';
import { groupKey, type Report, type ReportGroup } from './report-model';
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
  selectionPairs,
  selectionText,
  totals,
} from './report-text';
import { histogramSvg } from './svg-histogram';
import { stackedBarsSvg } from './svg-stacked-bars';

export interface HtmlOptions {
  /** How many streams (failed first, then slowest TTFT) to list; default 25, 0 for none. */
  streamRows?: number;
  /** Groups that get charts (largest first); the tables always list every group. Default 12. */
  chartGroups?: number;
}

/**
 * Scripts, plugins, frames, fonts and remote images are all refused, so even a string that
 * escaped escaping could not run or phone home; styles are inline only.
 */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function htmlCell(c: TableCell, align: 'left' | 'right', tag: 'td' | 'th' = 'td'): string {
  // Short cells never wrap (a "hooks 133, legacy 67" broken over three lines is hard to scan);
  // long ones (verdicts, long ids) may.
  const wrap = c.text.length + (c.tag?.length ?? 0) > 40 ? 'wrap' : '';
  const classes = [align === 'right' ? 'num' : '', c.tone ?? '', wrap].filter(Boolean).join(' ');
  const cls = classes ? ` class="${classes}"` : '';
  const extra = c.tag ? `<span class="tag">${esc(c.tag)}</span>` : '';
  return `<${tag}${cls}>${esc(c.text)}${extra}</${tag}>`;
}

function htmlTable(t: TextTable): string {
  const head = t.headers.map((h, i) => htmlCell({ text: h }, t.align[i] ?? 'left', 'th')).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((c, i) => htmlCell(c, t.align[i] ?? 'left')).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** Groups that get charts: the largest by stream count, in the report's order. */
function chartedGroups(report: Report, limit: number): ReportGroup[] {
  const keep = new Set([...report.groups].sort((a, b) => b.streams - a.streams).slice(0, limit));
  return report.groups.filter((g) => keep.has(g));
}

function streamsByGroup(report: Report): Map<string, StreamRow[]> {
  const map = new Map<string, StreamRow[]>();
  for (const s of report.streams) {
    const k = groupKey(s, report.selection.group_by);
    const list = map.get(k);
    if (list) list.push(s);
    else map.set(k, [s]);
  }
  return map;
}

function ttftValues(streams: readonly StreamRow[], source: 'hooks' | 'legacy'): number[] {
  const out: number[] = [];
  for (const s of streams) {
    if (!s.failed && s.timing_source === source && s.ttft_ms !== null) out.push(s.ttft_ms);
  }
  return out;
}

/** TTFT histograms as small multiples on shared edges, so the groups line up by eye. */
function ttftSection(report: Report, groups: readonly ReportGroup[]): string {
  const byGroup = streamsByGroup(report);
  const pooled = sortedFinite(
    groups.flatMap((g) => {
      const streams = byGroup.get(g.key) ?? [];
      return [...ttftValues(streams, 'hooks'), ...ttftValues(streams, 'legacy')];
    }),
  );
  if (pooled.length === 0) return '<p class="muted">No TTFT values in this selection.</p>';
  const min = pooled[0] as number;
  const max = pooled[pooled.length - 1] as number;
  // Latencies spanning two decades or more read better on a log axis.
  const log = min > 0 && max / min >= 100;
  const bins = defaultBinCount(log ? pooled.map(Math.log10) : pooled);
  // The pooled min/max as the range (not the edges, which went through 10^x and back) keeps the
  // extreme values inside in log mode.
  const range: readonly [number, number] = [min, max];
  const opts = { bins, log, range };
  const figures = groups.map((g, i) => {
    const streams = byGroup.get(g.key) ?? [];
    const hooks = histogram(ttftValues(streams, 'hooks'), opts);
    const legacy = histogram(ttftValues(streams, 'legacy'), opts);
    const s = g.ttft_ms;
    const markers = [
      { label: 'p50', value: s.p50 },
      { label: 'p90', value: s.p90 },
      { label: 'p99', value: s.p99 },
    ].filter((m): m is { label: string; value: number } => m.value !== null);
    const svg = histogramSvg({
      id: `ttft-${i}`,
      title: `TTFT histogram of ${g.key}: n = ${s.count}`,
      edges: hooks.edges,
      hooks: hooks.counts,
      legacy: legacy.counts,
      log,
      markers,
      formatX: formatMs,
      xLabel: log ? 'TTFT (log scale)' : 'TTFT',
    });
    const legacyNote =
      g.timing_sources.legacy > 0 ? ` · legacy: ${g.timing_sources.legacy} of ${g.streams} streams` : '';
    return `<figure>${svg}<figcaption>${esc(`${g.key} · n = ${formatCount(s.count)} (failed excluded: ${formatCount(g.failed)})${legacyNote}`)}</figcaption></figure>`;
  });
  return `<div class="charts">\n${figures.join('\n')}\n</div>`;
}

function genConsumerSection(groups: readonly ReportGroup[]): string {
  return stackedBarsSvg({
    id: 'gen-consumer',
    title: 'Mean generation and consumer time per stream, by group',
    rows: groups.map((g) => ({
      label: g.key,
      generation: g.generation_ms.mean,
      consumer: g.consumer_ms.mean,
      emptyNote: g.timing_sources.legacy > 0 ? 'no generation/consumer split (legacy streams)' : 'no values',
    })),
    formatValue: formatMs,
  });
}

/** Goodput and regressions, when the report has them. */
function sloSections(report: Report): string[] {
  const out: string[] = [];
  const slo = reportSlo(report);
  if (slo && report.groups.some((g) => g.goodput)) {
    out.push(
      '<section><h2>Goodput</h2>',
      htmlTable(goodputTable(report)),
      `<p class="how">${esc(goodputHowText(slo))}</p>`,
      '</section>',
    );
  }
  if (report.regressions && report.regression_settings) {
    out.push(
      '<section><h2>Regressions over time</h2>',
      report.regressions.length === 0
        ? '<p>No change points found.</p>'
        : htmlTable(regressionsTable(report)),
      `<p class="how">${esc(regressionsHowText(report.regression_settings))}</p>`,
      '</section>',
    );
  }
  return out;
}

const legend = (items: readonly [string, string][]): string =>
  `<div class="legend">${items.map(([cls, text]) => `<span><span class="swatch ${cls}"></span>${esc(text)}</span>`).join('')}</div>`;

/**
 * One self-contained HTML file: inline CSS and SVG, no script, a CSP that forbids everything
 * else, light/dark by system preference, printable. States what it contains (selection, date,
 * convention) and escapes every string that came from a log.
 */
export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  const t = totals(report);
  const pairs = selectionPairs(report);
  const selectionHtml =
    pairs.length === 0
      ? 'all streams'
      : pairs.map(([k, v]) => `<span class="tag">${esc(k)}</span> ${esc(v)}`).join(' ');
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="generator" content="Stream Lens">',
    `<title>${esc(`${REPORT_TITLE} · ${selectionText(report)} · ${report.generated_at}`)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${esc(REPORT_TITLE)}</h1>`,
    '<dl class="meta">',
    `<dt>Generated</dt><dd><time datetime="${esc(report.generated_at)}">${esc(report.generated_at)}</time></dd>`,
    `<dt>Selection</dt><dd>${selectionHtml}</dd>`,
    `<dt>Grouped by</dt><dd>${esc(groupByLabel(report.selection.group_by))}</dd>`,
    `<dt>Streams</dt><dd>${formatCount(t.streams)} (<span class="${t.failed > 0 ? 'failed' : ''}">${formatCount(t.failed)} failed</span>) in ${formatCount(t.groups)} groups</dd>`,
    '</dl>',
    '</header>',
    '<main>',
  ];

  if (report.groups.length === 0) {
    out.push('<p>No streams match this selection. Widen the filters or import more logs.</p>');
  } else {
    const charted = chartedGroups(report, opts.chartGroups ?? 12);
    const chartNote =
      charted.length < report.groups.length
        ? `<p class="how">Charts show the ${charted.length} largest of ${report.groups.length} groups; the tables list all.</p>`
        : '';
    out.push(
      '<section><h2>Summary</h2>',
      htmlTable(summaryTable(report)),
      '</section>',
      ...sloSections(report),
      '<section><h2>Time to first token</h2>',
      legend([
        ['ttft', 'TTFT (hooks)'],
        ['ttft-legacy', 'TTFT legacy (from timestamps)'],
      ]),
      chartNote,
      ttftSection(report, charted),
      '<p class="how">Dashed lines: p50, p90, p99 of the group (failed excluded).</p>',
      '</section>',
      '<section><h2>Generation vs consumer</h2>',
      legend([
        ['gen', 'generation'],
        ['consumer', 'consumer'],
      ]),
      genConsumerSection(charted),
      '<p class="how">Mean per stream over streams with hook timing (failed excluded); legacy streams have no split.</p>',
      '</section>',
      '<section><h2>Statistics per metric</h2>',
    );
    for (const m of STAT_METRICS) {
      out.push(
        `<h3>${esc(METRIC_INFO[m].label)}</h3>`,
        htmlTable(metricTable(report, m)),
        `<p class="how">${esc(metricHowText(m))}</p>`,
      );
    }
    out.push('</section>');
  }

  const c = report.comparison;
  if (c) {
    out.push('<section><h2>Comparison</h2>', `<p>${esc(comparisonGroupsText(c))}</p>`);
    for (const m of c.metrics) out.push(`<h3>${esc(m.label)}</h3>`, htmlTable(comparisonTable(m)));
    if (c.goodput) out.push('<h3>Goodput</h3>', htmlTable(goodputComparisonTable(c.goodput)));
    const notes = [...c.notes, goodputComparisonNote(c)].filter((n): n is string => n !== null);
    out.push(`<ul class="how">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`, '</section>');
  }

  const limit = opts.streamRows ?? 25;
  if (limit > 0 && report.streams.length > 0) {
    const table = streamsTable(report, limit);
    out.push(
      '<section><h2>Streams to look at</h2>',
      `<p class="how">${esc(`Failed streams first, then the slowest TTFT: ${formatCount(table.rows.length)} of ${formatCount(report.streams.length)} shown; every stream is in the CSV and JSON exports.`)}</p>`,
      htmlTable(table),
      '</section>',
    );
  }

  out.push(
    '</main>',
    '<footer>',
    '<p><strong>Convention.</strong> n counts the streams that have a value for the metric.</p>',
    `<ul>${[...conventionLines(), ...legacyNotes(report)].map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
    '</footer>',
    '</body>',
    '</html>',
    '',
  );
  return out.join('\n');
}
