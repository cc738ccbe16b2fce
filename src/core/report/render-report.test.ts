import { describe, expect, it } from 'vitest';
import { compareGroups } from '../metrics/compare-groups';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import {
  fileNamePart,
  isReportFormat,
  REPORT_FORMAT_INFO,
  REPORT_FORMATS,
  renderReport,
  renderReportText,
  reportFilename,
} from './render-report';
import { buildReport } from './report-model';
import { HOSTILE, hostileRows, row } from './report-test-fixtures';

const report = buildReport([row({ ttft_ms: 100 }), row({ ttft_ms: 200, failed: true })], {
  groupBy: 'project',
  selection: { project: 'proj' },
  generatedAt: new Date('2024-05-02T12:00:00Z'),
});

describe('renderReport', () => {
  it('dispatches by format', () => {
    expect(renderReport(report, 'json').content).toBe(renderJson(report));
    expect(renderReport(report, 'csv').content).toBe(renderCsv(report));
    expect(renderReport(report, 'md').content).toBe(renderMarkdown(report));
    expect(renderReport(report, 'html').content).toBe(renderHtml(report));
    expect(renderReportText(report, 'md')).toBe(renderMarkdown(report));
  });

  it('names the file by what it holds and when, and gives the media type', () => {
    expect(renderReport(report, 'md')).toMatchObject({
      filename: 'stream-lens_project-proj_by-project_20240502-120000.md',
      mime: 'text/markdown; charset=utf-8',
    });
    expect(renderReport(report, 'html').filename).toBe(
      'stream-lens_project-proj_by-project_20240502-120000.html',
    );
    const everything = buildReport([row()], {
      groupBy: 'app',
      selection: {},
      generatedAt: new Date('2024-05-02T12:00:00Z'),
    });
    expect(reportFilename(everything, 'csv')).toBe('stream-lens_all-streams_by-app_20240502-120000.csv');
  });

  it('names a comparison by its groups', () => {
    const compared = buildReport([row()], {
      groupBy: 'project',
      selection: {},
      generatedAt: new Date('2024-05-02T12:00:00Z'),
      comparison: compareGroups([
        { name: 'fast-model', streams: [row({ ttft_ms: 100 }), row({ ttft_ms: 120 })] },
        { name: 'slow model', streams: [row({ ttft_ms: 300 }), row({ ttft_ms: 320 })] },
      ]),
    });
    expect(reportFilename(compared, 'json')).toBe(
      'stream-lens_compare-fast-model-vs-slow-model_20240502-120000.json',
    );
  });

  it('keeps hostile strings from logs out of file names', () => {
    for (const hostile of HOSTILE) {
      const name = reportFilename(
        buildReport([row()], {
          groupBy: 'app',
          selection: { app: hostile },
          generatedAt: new Date('2024-05-02T12:00:00Z'),
        }),
        'md',
      );
      expect(name, hostile).toMatch(/^stream-lens_[A-Za-z0-9._+-]+_20240502-120000\.md$/);
      expect(name.length).toBeLessThanOrEqual(100);
    }
    expect(fileNamePart('../../etc/passwd', 60)).toBe('etc-passwd');
    expect(fileNamePart('CON:*?"<>|', 60)).toBe('CON');
    expect(fileNamePart('.hidden', 60)).toBe('hidden');
    expect(fileNamePart('\u0000\u001f', 60)).toBe('report');
    expect(fileNamePart('x'.repeat(500), 60)).toHaveLength(60);
  });

  it('knows its formats', () => {
    expect(REPORT_FORMATS).toEqual(['json', 'csv', 'md', 'html']);
    expect(isReportFormat('md')).toBe(true);
    expect(isReportFormat('pdf')).toBe(false);
    expect(REPORT_FORMAT_INFO.html.extension).toBe('.html');
  });
});

describe('renderJson', () => {
  it('round-trips the report exactly, hostile strings included', () => {
    const hostile = buildReport(hostileRows(), {
      groupBy: 'app',
      selection: { app: '</script>' },
      generatedAt: new Date(0),
    });
    const text = renderJson(hostile);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(hostile);
  });

  it('prints the documented shape', () => {
    const parsed = JSON.parse(renderJson(report));
    expect(Object.keys(parsed)).toEqual(['convention', 'selection', 'generated_at', 'groups', 'streams']);
    expect(parsed.groups[0].ttft_ms).toEqual({
      count: 1,
      mean: 100,
      std: 0,
      min: 100,
      p50: 100,
      p90: 100,
      p95: 100,
      p99: 100,
      max: 100,
    });
    expect(parsed.groups[0].failed).toBe(1);
  });
});
