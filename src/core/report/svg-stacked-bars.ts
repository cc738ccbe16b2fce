import { escapeHtml as esc } from './html-escape';

export interface StackedBarRow {
  /** Group key; plain text from logs, escaped here. */
  label: string;
  generation: number | null;
  consumer: number | null;
  /** Shown instead of a bar when there is nothing to draw (e.g. legacy-only groups). */
  emptyNote: string;
}

export interface StackedBarsChart {
  /** Unique within the document, made by the caller from an index (never from log data). */
  id: string;
  title: string;
  rows: readonly StackedBarRow[];
  formatValue: (v: number) => string;
}

const LABEL_W = 150;
const BAR_W = 260;
const TEXT_W = 230;
const ROW_H = 24;
const TOP = 8;
const MAX_LABEL = 22;

const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Truncates long keys (uuid app ids) for the label column; the full key stays in the <title>. */
function shortLabel(s: string): string {
  const chars = Array.from(s);
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('')}…` : s;
}

/**
 * Horizontal bars, one per group: generation (blue) then consumer (amber) stacked, on one scale so
 * groups compare by length; the share of generation written beside each bar.
 */
export function stackedBarsSvg(c: StackedBarsChart): string {
  const total = (r: StackedBarRow): number => (r.generation ?? 0) + (r.consumer ?? 0);
  const max = Math.max(0, ...c.rows.map(total));
  const W = LABEL_W + BAR_W + TEXT_W;
  const H = TOP * 2 + ROW_H * c.rows.length;
  const scale = (v: number): number => (max > 0 ? (v / max) * BAR_W : 0);
  const parts = [
    `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${c.id}-title">`,
    `<title id="${c.id}-title">${esc(c.title)}</title>`,
  ];
  c.rows.forEach((r, i) => {
    const yTop = TOP + i * ROW_H;
    const yMid = yTop + ROW_H / 2 + 4;
    parts.push(
      `<text class="label" x="${LABEL_W - 8}" y="${yMid}" text-anchor="end"><title>${esc(r.label)}</title>${esc(shortLabel(r.label))}</text>`,
    );
    if (r.generation === null || r.consumer === null || total(r) <= 0) {
      parts.push(`<text class="axis" x="${LABEL_W}" y="${yMid}">${esc(r.emptyNote)}</text>`);
      return;
    }
    const g = scale(r.generation);
    const k = scale(r.consumer);
    const share = (r.generation / total(r)) * 100;
    parts.push(
      `<rect class="gen" x="${LABEL_W}" y="${yTop + 4}" width="${r1(g)}" height="${ROW_H - 8}"><title>${esc(`${r.label}: generation ${c.formatValue(r.generation)}`)}</title></rect>`,
      `<rect class="consumer" x="${r1(LABEL_W + g)}" y="${yTop + 4}" width="${r1(k)}" height="${ROW_H - 8}"><title>${esc(`${r.label}: consumer ${c.formatValue(r.consumer)}`)}</title></rect>`,
      `<text class="axis" x="${r1(LABEL_W + g + k + 6)}" y="${yMid}">${esc(`${c.formatValue(r.generation)} + ${c.formatValue(r.consumer)} (generation ${share.toFixed(1)}%)`)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
