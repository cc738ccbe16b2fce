import { escapeHtml as esc } from './html-escape';

export interface HistogramMarker {
  /** "p50", "p90", "p99". */
  label: string;
  value: number;
}

export interface HistogramChart {
  /** Unique within the document, made by the caller from an index (never from log data). */
  id: string;
  /** Accessible title; plain text, escaped here. */
  title: string;
  /** Ascending bin edges (bins + 1). */
  edges: readonly number[];
  /** Per-bin counts of hooks streams (solid) and legacy streams (stacked on top, hatched). */
  hooks: readonly number[];
  legacy: readonly number[];
  log: boolean;
  markers: readonly HistogramMarker[];
  formatX: (v: number) => string;
  xLabel: string;
}

const W = 560;
const H = 190;
const M = { left: 40, right: 14, top: 44, bottom: 36 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Ticks at powers of ten inside [lo, hi] for a log axis; for a linear axis, up to 5 bin edges. */
function xTicks(edges: readonly number[], log: boolean): number[] {
  const lo = edges[0] as number;
  const hi = edges[edges.length - 1] as number;
  if (log) {
    const ticks: number[] = [];
    for (let e = Math.ceil(Math.log10(lo) - 1e-9); 10 ** e <= hi * (1 + 1e-9); e++) ticks.push(10 ** e);
    if (ticks.length >= 2) return ticks;
    return [lo, hi];
  }
  const step = Math.max(1, Math.ceil((edges.length - 1) / 4));
  const ticks: number[] = [];
  for (let i = 0; i < edges.length; i += step) ticks.push(edges[i] as number);
  // End on the last edge; a grid tick close to it would print its label on top of it.
  const last = ticks[ticks.length - 1] as number;
  const width = (edges[1] as number) - lo;
  if (last !== hi) {
    if (ticks.length > 1 && hi - last < step * width * 0.6) ticks[ticks.length - 1] = hi;
    else ticks.push(hi);
  }
  return ticks;
}

/**
 * A histogram as inline SVG (no script, no external reference): stacked hooks/legacy bars in the
 * TTFT colours, dashed markers with their values, count and value axes. Styling comes from the
 * document's CSS classes so light/dark themes and print apply.
 */
export function histogramSvg(c: HistogramChart): string {
  const bins = c.hooks.length;
  const any = c.hooks.some((n) => n > 0) || c.legacy.some((n) => n > 0);
  if (bins === 0 || c.edges.length !== bins + 1 || !any) {
    return `<p class="muted" title="${esc(c.title)}">no values</p>`;
  }
  const lo = c.edges[0] as number;
  const hi = c.edges[bins] as number;
  const tx = c.log ? (v: number) => Math.log10(v) : (v: number) => v;
  const span = tx(hi) - tx(lo) || 1;
  const x = (v: number): number => M.left + ((tx(Math.min(hi, Math.max(lo, v))) - tx(lo)) / span) * PLOT_W;
  let yMax = 1;
  for (let i = 0; i < bins; i++) yMax = Math.max(yMax, (c.hooks[i] ?? 0) + (c.legacy[i] ?? 0));
  const y = (n: number): number => M.top + PLOT_H - (n / yMax) * PLOT_H;

  const hatch = `${c.id}-legacy`;
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${c.id}-title">`,
    `<title id="${c.id}-title">${esc(c.title)}</title>`,
    `<defs><pattern id="${hatch}" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)">`,
    '<rect width="5" height="5" class="ttft-light"/><line x1="0" y1="0" x2="0" y2="5" class="ttft-hatch"/></pattern></defs>',
  );
  for (let i = 0; i < bins; i++) {
    const x0 = x(c.edges[i] as number);
    const x1 = x(c.edges[i + 1] as number);
    const w = Math.max(0.5, x1 - x0 - 1);
    const hooks = c.hooks[i] ?? 0;
    const legacy = c.legacy[i] ?? 0;
    const range = `${c.formatX(c.edges[i] as number)} to ${c.formatX(c.edges[i + 1] as number)}`;
    if (hooks > 0) {
      parts.push(
        `<rect class="ttft" x="${r1(x0)}" y="${r1(y(hooks))}" width="${r1(w)}" height="${r1(y(0) - y(hooks))}"><title>${esc(`${range}: ${hooks} streams`)}</title></rect>`,
      );
    }
    if (legacy > 0) {
      parts.push(
        `<rect fill="url(#${hatch})" class="legacy-bar" x="${r1(x0)}" y="${r1(y(hooks + legacy))}" width="${r1(w)}" height="${r1(y(hooks) - y(hooks + legacy))}"><title>${esc(`${range}: ${legacy} legacy streams`)}</title></rect>`,
      );
    }
  }
  // Axes: counts on the left (0 and max), values along the bottom.
  const base = M.top + PLOT_H;
  parts.push(`<line class="axis-line" x1="${M.left}" y1="${base}" x2="${W - M.right}" y2="${base}"/>`);
  parts.push(`<text class="axis" x="${M.left - 4}" y="${base}" text-anchor="end">0</text>`);
  parts.push(`<text class="axis" x="${M.left - 4}" y="${M.top + 8}" text-anchor="end">${yMax}</text>`);
  const ticks = xTicks(c.edges, c.log);
  ticks.forEach((t, i) => {
    const tx0 = r1(x(t));
    // The outer labels hang inwards so they are not clipped at the chart's edges.
    const anchor = i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle';
    parts.push(`<line class="axis-line" x1="${tx0}" y1="${base}" x2="${tx0}" y2="${base + 4}"/>`);
    parts.push(
      `<text class="axis" x="${tx0}" y="${base + 15}" text-anchor="${anchor}">${esc(c.formatX(t))}</text>`,
    );
  });
  parts.push(
    `<text class="axis" x="${M.left + PLOT_W / 2}" y="${H - 4}" text-anchor="middle">${esc(c.xLabel)}</text>`,
  );
  // Markers stagger their labels on three rows so close percentiles stay readable.
  c.markers.forEach((mk, i) => {
    const mx = r1(x(mk.value));
    const ly = 11 + i * 12;
    const anchor = x(mk.value) > M.left + PLOT_W * 0.7 ? 'end' : 'start';
    const dx = anchor === 'end' ? -3 : 3;
    parts.push(`<line class="marker" x1="${mx}" y1="${ly + 2}" x2="${mx}" y2="${base}"/>`);
    parts.push(
      `<text class="marker-label" x="${r1(x(mk.value) + dx)}" y="${ly}" text-anchor="${anchor}">${esc(`${mk.label} ${c.formatX(mk.value)}`)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
