import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import type { Report } from './report-model';

/** The CLI's --format values. */
export const REPORT_FORMATS = ['json', 'csv', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Media type and file extension per format, for `--out`, downloads and the serve host. */
export const REPORT_FORMAT_INFO: Readonly<Record<ReportFormat, { mime: string; extension: string }>> = {
  json: { mime: 'application/json; charset=utf-8', extension: '.json' },
  csv: { mime: 'text/csv; charset=utf-8; header=present', extension: '.csv' },
  md: { mime: 'text/markdown; charset=utf-8', extension: '.md' },
  html: { mime: 'text/html; charset=utf-8', extension: '.html' },
};

/** A rendered export, shaped like the 'export:render' response of the contract. */
export interface RenderedReport {
  /** Suggested file name: "stream-lens-report-20240502-120000.md" (no ":" so it is valid on Windows). */
  filename: string;
  mime: string;
  content: string;
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The report's text in one export format. */
export function renderReportText(report: Report, format: ReportFormat): string {
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

/** A file name stamped with the report's generation time (UTC). */
export function reportFilename(report: Report, format: ReportFormat): string {
  const stamp = report.generated_at
    .replace(/\.\d+Z$|Z$/, '')
    .replace(/-|:/g, '')
    .replace('T', '-');
  return `stream-lens-report-${stamp}${REPORT_FORMAT_INFO[format].extension}`;
}

/** Renders a computed report in one of the export formats, with a file name and media type. */
export function renderReport(report: Report, format: ReportFormat): RenderedReport {
  return {
    filename: reportFilename(report, format),
    mime: REPORT_FORMAT_INFO[format].mime,
    content: renderReportText(report, format),
  };
}
