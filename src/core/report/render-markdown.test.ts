import { describe, expect, it } from 'vitest';
import { STATS_CONVENTION } from '../../shared/stream-row';
import { compareGroups } from '../metrics/compare-groups';
import { escapeMarkdown } from './markdown-escape';
import { renderMarkdown } from './render-markdown';
import { buildReport, type GroupBy } from './report-model';
import { HOSTILE, hostileRows, row } from './report-test-fixtures';

const generatedAt = new Date('2024-05-02T12:00:00Z');

/** Cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cellCount(line: string): number {
  let pipes = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') pipes++;
  }
  return pipes - 1;
}

/** Consecutive lines starting with "|", i.e. the document's tables. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

function hostileReport(groupBy: GroupBy) {
  const streams = hostileRows();
  const comparison = compareGroups(
    HOSTILE.slice(0, 6).map((name, i) => ({ name, streams: streams.filter((_, j) => j % 6 === i) })),
    { metrics: ['ttft_ms', 'inter_item_ms'], iterations: 200 },
  );
  return buildReport(streams, {
    groupBy,
    selection: { app: 'a|b\n*x*', project: ['<b>', '@me'] },
    generatedAt,
    comparison,
  });
}

describe('renderMarkdown with hostile log strings', () => {
  for (const groupBy of ['app', 'action', 'partition', 'project'] as const) {
    it(`keeps every table row's column count (group by ${groupBy})`, () => {
      const md = renderMarkdown(hostileReport(groupBy), { streamRows: 50 });
      const all = tables(md);
      expect(all.length).toBeGreaterThan(5);
      for (const t of all) {
        const width = cellCount(t[0] as string);
        for (const line of t) {
          expect(line.endsWith('|')).toBe(true);
          expect(cellCount(line)).toBe(width);
        }
      }
    });
  }

  it('leaves no raw HTML, mention or emphasis from data', () => {
    const md = renderMarkdown(hostileReport('app'), { streamRows: 50 });
    expect(md).not.toMatch(/(^|[^\\])<(script|img|\/script|b>)/i);
    expect(md).not.toMatch(/@(SUM|me)/);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('\\[x\\](javascript:alert(1)) \\*b\\* \\_i\\_ \\`c\\` \\$m\\$ \\~s\\~ \\\\');
    expect(md).toContain('first line<br>second line');
  });
});

describe('renderMarkdown content', () => {
  const streams = [
    row({ project: 'alpha', ttft_ms: 120, generation_ms: 900, consumer_ms: 100, gen_share: 0.9 }),
    row({ project: 'alpha', ttft_ms: 80, failed: true }),
    row({ project: 'beta', ttft_ms: 15_000, timing_source: 'legacy', inter_item_ms: 30 }),
  ];
  const md = renderMarkdown(
    buildReport(streams, { groupBy: 'project', selection: { project: 'alpha' }, generatedAt }),
  );

  it('states date, selection, grouping and the convention', () => {
    expect(md).toContain('- Generated: 2024-05-02T12:00:00.000Z');
    expect(md).toContain('- Selection: project = alpha');
    expect(md).toContain('- Grouped by: project');
    expect(md).toContain('- Streams: 3 (1 failed) in 2 groups');
    expect(md).toContain(escapeMarkdown(STATS_CONVENTION.percentiles));
    expect(md).toContain(escapeMarkdown(STATS_CONVENTION.failed));
  });

  it('formats numbers per UI.md and labels legacy-derived numbers', () => {
    expect(md).toContain('| alpha | 2 | 1 | 1 | hooks 2 | 120 ms |');
    expect(md).toContain('15.0 s');
    expect(md).toContain('inter-item p50 (legacy incl. consumer)');
    expect(md).toContain('| beta (legacy: 1 of 1 streams) |');
  });

  it('says so when nothing matches', () => {
    const empty = renderMarkdown(buildReport([], { groupBy: 'project', selection: {}, generatedAt }));
    expect(empty).toContain('No streams match this selection.');
    expect(empty).toContain('- Selection: all streams');
  });
});
