import { describe, expect, it } from 'vitest';
import type { StreamRow } from '../../shared/stream-row';
import { compareGroups } from '../metrics/compare-groups';
import { parseSlo } from '../metrics/slo';
import { escapeHtml } from './html-escape';
import { escapeMarkdown } from './markdown-escape';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { buildReport } from './report-model';
import { row } from './report-test-fixtures';

const generatedAt = new Date('2024-05-02T12:00:00Z');
const slo = parseSlo('ttft_ms<=200');
/** Group names a log can hold that would break each format. */
const NAMES = ['=HYPERLINK("http://x","y")', '<img src=x onerror=alert(1)>', 'a|b *c* @team'] as const;

/**
 * 61 streams per name, one a second; TTFT ~100 ms up to stream 30, ~300 ms after (a regression).
 * Stream 1 failed, so 60 have a value: 12 buckets of 5, and the change falls on a bucket edge.
 */
function shiftedRows(): StreamRow[] {
  return NAMES.flatMap((project, g) =>
    Array.from({ length: 61 }, (_, i) =>
      row({
        project,
        app_id: `${project}-${i}`,
        stream_start: new Date(Date.UTC(2024, 4, 1, 8, g, i)).toISOString().replace('Z', '000Z'),
        ttft_ms: (i <= 30 ? 100 : 300) + ((i * 7) % 11),
        failed: i === 1,
      }),
    ),
  );
}

function report() {
  return buildReport(shiftedRows(), {
    groupBy: 'project',
    selection: {},
    generatedAt,
    slo,
    regressions: { metrics: ['ttft_ms'] },
  });
}

describe('goodput and regressions in the report', () => {
  it('JSON: goodput per group and the regressions in the documented shape', () => {
    const json = JSON.parse(renderJson(report()));
    for (const g of json.groups) {
      // 30 of the first 31 meet TTFT <= 200 ms (stream 1 failed); none of the last 30 do.
      expect(g.goodput).toEqual({
        slo: { ttft_ms: { op: '<=', value: 200 } },
        met: 30,
        of: 61,
        share: 30 / 61,
      });
    }
    expect(json.regressions.length).toBeGreaterThanOrEqual(NAMES.length);
    // Groups in code-point order: "<img…" (minute 1 of the data) comes first.
    const first = json.regressions[0];
    expect(first.group).toBe(NAMES[1]);
    expect(Object.keys(first)).toEqual([
      'metric',
      'stat',
      'group',
      'at',
      'before',
      'after',
      'change_pct',
      'direction',
      'p',
    ]);
    expect(first).toMatchObject({ metric: 'ttft_ms', stat: 'p50', direction: 'worse' });
    expect(first.at).toBe('2024-05-01T08:01:31.000000Z');
    expect(first.before.n).toBe(30);
    expect(first.after.n).toBe(30);
    expect(Object.keys(first.before)).toEqual(['p50', 'p90', 'n']);
    expect(json.regression_settings).toMatchObject({ alpha: 0.01, permutations: 499, seed: 1 });
  });

  it('without SLOs or --regressions the JSON has neither key', () => {
    const plain = JSON.parse(
      renderJson(buildReport(shiftedRows(), { groupBy: 'project', selection: {}, generatedAt })),
    );
    expect(plain.groups[0]).not.toHaveProperty('goodput');
    expect(plain).not.toHaveProperty('regressions');
    expect(plain).not.toHaveProperty('regression_settings');
  });

  it('Markdown: goodput and regression tables with every log string escaped', () => {
    const md = renderMarkdown(report());
    expect(md).toContain('## Goodput');
    expect(md).toContain('## Regressions over time');
    expect(md).toContain('E-divisive means (Matteson \\& James 2014)');
    for (const n of NAMES) {
      expect(md).toContain(`| ${escapeMarkdown(n)} | 61 | 30 | 49.2% |`);
      expect(md).toContain(`| ${escapeMarkdown(n)} | TTFT | p50 | 2024-05-01T08:`);
    }
    expect(md).not.toMatch(/(^|[^\\])<img/m);
    expect(md).not.toMatch(/(^|[^\\])\|b/m);
  });

  it('HTML: goodput and regression tables with every log string escaped', () => {
    const html = renderHtml(report());
    expect(html).toContain('<h2>Goodput</h2>');
    expect(html).toContain('<h2>Regressions over time</h2>');
    for (const n of NAMES) expect(html).toContain(`<td>${escapeHtml(n)}</td>`);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<td class="failed">worse</td>');
  });

  it('CSV: a meets_slo column, goodput and regression rows, formula-looking names made inert', () => {
    const lines = renderCsv(report()).split('\r\n');
    expect(lines).toContain('# slo,ttft_ms<=200');
    expect(lines).toContain(`"# goodput.=HYPERLINK(""http://x"",""y"")",met,30,of,61,share,${30 / 61}`);
    const header = lines.find((l) => l.startsWith('group,'));
    expect(header?.endsWith(',meets_slo')).toBe(true);
    expect(lines.some((l) => l.startsWith('# regression.a|b *c* @team,ttft_ms,p50,2024-05-01T08:'))).toBe(
      true,
    );
    // A cell that would start with "=" starts with an apostrophe instead.
    for (const l of lines) expect(l.startsWith('=') || l.includes(',=')).toBe(false);
  });

  it('compare: goodput per group with the two-proportion z-test in every text format', () => {
    const rows = shiftedRows();
    const comparison = compareGroups(
      NAMES.slice(0, 2).map((name) => ({ name, streams: rows.filter((s) => s.project === name) })),
      { metrics: ['ttft_ms'], iterations: 100, slo },
    );
    expect(comparison.goodput?.diffs[0]).toMatchObject({ diff: 0, z: 0, p: 1 });
    const r = buildReport(rows, { groupBy: 'project', selection: {}, generatedAt, comparison, slo });
    const md = renderMarkdown(r);
    expect(md).toContain('### Goodput');
    expect(md).toContain(`| ${escapeMarkdown(NAMES[1])} | 30 of 61 | 49.2% | 0.0 pp | p = 1.00 |`);
    expect(renderHtml(r)).toContain('two-proportion z-test');
    expect(renderCsv(r)).toContain('# compare.goodput.<img src=x onerror=alert(1)>,met,30,of,61');
  });
});
