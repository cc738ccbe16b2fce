import type { StreamRow } from '../../shared/stream-row';
import { formatSlo, meetsSlo } from '../metrics/slo';
import { type FilterValue, groupKey, type Report } from './report-model';
import { reportSlo } from './report-slo-tables';

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
 * "#"-rows for goodput (per group: met, of, share; per compared group also the z-test p against
 * the baseline) and for each change point over time. Group names come from logs: cellText makes
 * them inert like every other cell.
 */
function sloMetadataRows(report: Report): string[] {
  const rows: string[] = [];
  const slo = reportSlo(report);
  if (slo) rows.push(csvRow(['# slo', formatSlo(slo)]));
  for (const g of report.groups) {
    if (g.goodput)
      rows.push(
        csvRow([`# goodput.${g.key}`, 'met', g.goodput.met, 'of', g.goodput.of, 'share', g.goodput.share]),
      );
  }
  const gc = report.comparison?.goodput;
  if (gc) {
    gc.groups.forEach((g, i) => {
      const d = i === 0 ? undefined : gc.diffs[i - 1];
      rows.push(
        csvRow([
          `# compare.goodput.${g.name}`,
          'met',
          g.goodput.met,
          'of',
          g.goodput.of,
          'share',
          g.goodput.share,
          'diff_vs_baseline',
          d?.diff ?? null,
          'p',
          d?.p ?? null,
        ]),
      );
    });
  }
  if (report.regressions) {
    const s = report.regression_settings;
    if (s)
      rows.push(
        csvRow([
          '# regressions.method',
          `${s.method}; alpha ${s.alpha}; ${s.permutations} permutations; seed ${s.seed}; min segment ${s.min_segment} buckets of >= ${s.min_bucket} streams`,
        ]),
      );
    for (const r of report.regressions) {
      rows.push(
        csvRow([
          `# regression.${r.group}`,
          r.metric,
          r.stat,
          r.at,
          'before_p50',
          r.before.p50,
          'before_n',
          r.before.n,
          'after_p50',
          r.after.p50,
          'after_n',
          r.after.n,
          'change_pct',
          r.change_pct,
          r.direction,
          'p',
          r.p,
        ]),
      );
    }
  }
  return rows;
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
    lines.push(...sloMetadataRows(report));
  }
  const slo = reportSlo(report);
  lines.push(csvRow(slo ? [...CSV_COLUMNS, 'meets_slo'] : CSV_COLUMNS));
  for (const s of report.streams) {
    const cells: Cell[] = CSV_COLUMNS.map((c) =>
      c === 'group' ? groupKey(s, report.selection.group_by) : s[c],
    );
    if (slo) cells.push(meetsSlo(s, slo));
    lines.push(csvRow(cells));
  }
  return `${lines.join('\r\n')}\r\n`;
}
