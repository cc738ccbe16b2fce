import type { StreamRow } from '../../shared/stream-row';
import { type FilterValue, groupKey, type Report } from './report-model';

export interface CsvOptions {
  /**
   * Leading "#"-rows saying what the file contains (generation date, selection, convention);
   * default true. Off gives a bare table for tools that cannot skip comment rows.
   */
  metadata?: boolean;
}

/** The per-stream columns: the group, then every identifier and derived number of a StreamRow. */
export const CSV_COLUMNS = [
  'group',
  'stream_id',
  'project',
  'app_id',
  'partition_key',
  'sequence_id',
  'action',
  'step_start',
  'step_end',
  'stream_start',
  'failed',
  'timing_source',
  'items',
  'ttft_ms',
  'generation_ms',
  'consumer_ms',
  'gen_share',
  'stream_ms',
  'legacy_ms_per_item',
  'inter_item_ms',
  'items_per_s',
] as const satisfies readonly ('group' | keyof StreamRow)[];

type Cell = string | number | boolean | null;

/** Characters that make Excel, LibreOffice or Sheets read a cell as a formula (or run a DDE payload). */
const FORMULA_START = /^[=+\-@\t\r\n]/;
/** A plain decimal number: starts with "-" but is data, not a formula, so it stays as it is. */
const PLAIN_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * A cell made inert for spreadsheets (OWASP "CSV injection"): text starting with a formula
 * character gets one leading apostrophe, which spreadsheets hide and treat as "this is text".
 * Numbers, and strings that are plain negative numbers, are left alone so they stay numeric.
 */
export function inertCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** RFC 4180 quoting: fields with a comma, quote, CR or LF are quoted, quotes doubled. */
export function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return inertCell(v);
}

function filterCell(v: FilterValue): Cell {
  // typeof rather than Array.isArray: the latter does not narrow readonly arrays.
  return typeof v === 'object' && v !== null ? v.join(', ') : v;
}

function csvRow(cells: readonly Cell[]): string {
  return cells.map((c) => quoteCsv(cellText(c))).join(',');
}

/**
 * One row per stream with every derived number and identifier, RFC 4180 (CRLF line ends), safe
 * to open in a spreadsheet. Failed streams are included (column `failed`); the `group` column is
 * the report's group key. With metadata, the first rows are two-cell "#"-rows (pandas:
 * `comment='#'`) naming the generation date, the selection and the statistics convention.
 */
export function renderCsv(report: Report, opts: CsvOptions = {}): string {
  const lines: string[] = [];
  if (opts.metadata ?? true) {
    lines.push(csvRow(['# Stream Lens report', 'one row per stream']));
    lines.push(csvRow(['# generated_at', report.generated_at]));
    lines.push(csvRow(['# group_by', report.selection.group_by]));
    const filters = Object.entries(report.selection.filters);
    if (filters.length === 0) lines.push(csvRow(['# selection', 'all streams']));
    for (const [k, v] of filters) {
      lines.push(csvRow([`# selection.${k}`, filterCell(v)]));
    }
    for (const [k, v] of Object.entries(report.convention)) lines.push(csvRow([`# convention.${k}`, v]));
  }
  lines.push(csvRow(CSV_COLUMNS));
  for (const s of report.streams) {
    lines.push(
      csvRow(CSV_COLUMNS.map((c) => (c === 'group' ? groupKey(s, report.selection.group_by) : s[c]))),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
