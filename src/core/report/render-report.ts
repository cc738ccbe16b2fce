import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import type { Report } from './report-model';

/** The CLI's --format values. */
export const REPORT_FORMATS = ['json', 'csv', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Media type and file extension per format, for `--out`, downloads and the serve host. */
export const REPORT_FORMAT_INFO: Readonly<Record<ReportFormat, { mediaType: string; extension: string }>> = {
  json: { mediaType: 'application/json; charset=utf-8', extension: '.json' },
  csv: { mediaType: 'text/csv; charset=utf-8; header=present', extension: '.csv' },
  md: { mediaType: 'text/markdown; charset=utf-8', extension: '.md' },
  html: { mediaType: 'text/html; charset=utf-8', extension: '.html' },
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders a computed report in one of the export formats. */
export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}
