import { describe, expect, it } from 'vitest';
import { STATS_CONVENTION } from '../../shared/stream-row';
import { compareGroups } from '../metrics/compare-groups';
import { escapeHtml } from './html-escape';
import { HTML_CSP, renderHtml } from './render-html';
import { buildReport, type GroupBy } from './report-model';
import { HOSTILE, hostileRows, row } from './report-test-fixtures';

const generatedAt = new Date('2024-05-02T12:00:00Z');

const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'main',
  'footer',
  'section',
  'div',
  'p',
  'h1',
  'h2',
  'h3',
  'dl',
  'dt',
  'dd',
  'time',
  'span',
  'strong',
  'ul',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'figure',
  'figcaption',
  'svg',
  'defs',
  'pattern',
  'rect',
  'line',
  'text',
]);

function hostileHtml(groupBy: GroupBy): string {
  const streams = hostileRows();
  const comparison = compareGroups(
    HOSTILE.slice(0, 6).map((name, i) => ({ name, streams: streams.filter((_, j) => j % 6 === i) })),
    { metrics: ['ttft_ms'], iterations: 200 },
  );
  return renderHtml(
    buildReport(streams, {
      groupBy,
      selection: { app: '<img src=x onerror=alert(1)>', project: ['"><script>alert(1)</script>'] },
      generatedAt,
      comparison,
    }),
    { streamRows: 50 },
  );
}

/** Every start tag with its attribute values blanked, so escaped data inside values cannot confuse the check. */
function startTags(html: string): string[] {
  const noStyle = html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  return [...noStyle.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map(
    (m) => `${m[1]}${(m[2] ?? '').replace(/"[^"]*"/g, '""')}`,
  );
}

describe('renderHtml with hostile log strings', () => {
  for (const groupBy of ['app', 'action', 'partition', 'project'] as const) {
    it(`has no markup from data (group by ${groupBy})`, () => {
      const html = hostileHtml(groupBy);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<\/script/i);
      for (const tag of startTags(html)) {
        const name = (tag.match(/^[\w-]+/)?.[0] ?? '').toLowerCase();
        expect(ALLOWED_TAGS.has(name), `unexpected <${name}>`).toBe(true);
        // No event handler, link or source attribute anywhere: nothing in the file can act or fetch.
        expect(tag).not.toMatch(/\s(on\w+|href|src|xlink:href|action|formaction)\s*=/i);
      }
    });
  }

  it('shows each hostile string as escaped text', () => {
    const html = hostileHtml('app');
    for (const s of HOSTILE) expect(html).toContain(escapeHtml(s));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('renderHtml document', () => {
  const streams = [
    row({ project: 'alpha', ttft_ms: 120, generation_ms: 900, consumer_ms: 100, gen_share: 0.9 }),
    row({ project: 'alpha', ttft_ms: 180, generation_ms: 700, consumer_ms: 300, gen_share: 0.7 }),
    row({ project: 'alpha', ttft_ms: 80, failed: true }),
    row({ project: 'beta', ttft_ms: 300, timing_source: 'legacy', inter_item_ms: 30 }),
  ];
  const html = renderHtml(
    buildReport(streams, { groupBy: 'project', selection: { project: 'alpha' }, generatedAt }),
  );

  it('is one self-contained file with the CSP first in <head>, no script and no external resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    expect(HTML_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).not.toMatch(/<script|<link|@import|https?:\/\//i);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('supports dark mode and print', () => {
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toContain('@media print');
  });

  it('states date, selection and the convention', () => {
    expect(html).toContain('<time datetime="2024-05-02T12:00:00.000Z">');
    expect(html).toContain('<span class="tag">project</span> alpha');
    for (const line of Object.values(STATS_CONVENTION)) expect(html).toContain(escapeHtml(line));
  });

  it('draws inline SVG charts in the meaning colours, failed in red, legacy hatched and named', () => {
    expect(html).toMatch(/<svg class="chart"[^>]*role="img"/);
    expect(html).toContain('class="ttft"');
    expect(html).toContain('class="gen"');
    expect(html).toContain('class="consumer"');
    expect(html).toContain('fill="url(#ttft-1-legacy)"');
    expect(html).toContain('TTFT legacy (from timestamps)');
    expect(html).toContain('<td class="num failed">1</td>');
    expect(html).toContain('no generation/consumer split (legacy streams)');
  });

  it('says so when nothing matches', () => {
    const empty = renderHtml(buildReport([], { groupBy: 'project', selection: {}, generatedAt }));
    expect(empty).toContain('No streams match this selection.');
    expect(empty).toContain('all streams');
  });
});
