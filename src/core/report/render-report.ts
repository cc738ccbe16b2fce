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
  /** Suggested file name, saying what it holds: "stream-lens_project-chat_by-app_20240502-120000.md". */
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

/**
 * A file name that says what the file holds, e.g.
 * `stream-lens_project-chatbot-models_by-app_20240502-120000.md` or
 * `stream-lens_compare-fast-vs-slow_20240502-120000.html`: what was selected (or compared), how it is
 * grouped, and when it was generated (UTC). Log strings are reduced to characters every file system
 * takes (no `/ \ : * ? " < > |`, no control characters, no leading dot), the whole kept under 100.
 */
export function reportFilename(report: Report, format: ReportFormat): string {
  const stamp = report.generated_at
    .replace(/\.\d+Z$|Z$/, '')
    .replace(/-|:/g, '')
    .replace('T', '-');
  const subject = report.comparison
    ? `compare-${report.comparison.groups.map((g) => g.name).join('-vs-')}`
    : `${selectionWords(report.selection.filters)}_by-${report.selection.group_by}`;
  return `stream-lens_${fileNamePart(subject, 60)}_${stamp}${REPORT_FORMAT_INFO[format].extension}`;
}

/** The filters as words: `project-chat_app-run-*`; `all-streams` when nothing narrows the selection. */
function selectionWords(filters: Report['selection']['filters']): string {
  const words = Object.entries(filters)
    // Internal ids (sourceId, appRefs…) mean nothing to the reader of a file name.
    .filter(([key]) => !/(Id|Ids|Ref|Refs)$/.test(key))
    .filter(([, value]) => value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}-${Array.isArray(value) ? value.join('+') : String(value)}`);
  return words.length > 0 ? words.join('_') : 'all-streams';
}

/** Safe in a file name on Windows, macOS and Linux: letters, digits and `._+-` only, at most `max` long. */
export function fileNamePart(text: string, max: number): string {
  const safe = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, max)
    .replace(/[-.]+$/, '');
  return safe === '' ? 'report' : safe;
}

/** Renders a computed report in one of the export formats, with a file name and media type. */
export function renderReport(report: Report, format: ReportFormat): RenderedReport {
  return {
    filename: reportFilename(report, format),
    mime: REPORT_FORMAT_INFO[format].mime,
    content: renderReportText(report, format),
  };
}
