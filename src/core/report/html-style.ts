/*
 * The HTML report's stylesheet, inlined (the CSP allows inline styles and nothing else). Colours
 * follow UI.md: generation blue, consumer amber, TTFT violet, red only for failures, legacy as the
 * lighter/hatched variant of the same hue. Both themes keep text contrast >= 4.5:1.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --stripe: #f6f8fa;
  --gen: #1d4ed8; --consumer: #d97706; --ttft: #6d28d9; --ttft-light: #ddd6fe;
  --failed: #b91c1c; --legacy: #6b7280;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --stripe: #161b22;
    --gen: #60a5fa; --consumer: #fbbf24; --ttft: #a78bfa; --ttft-light: #3b2f63;
    --failed: #f87171; --legacy: #9ca3af;
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid var(--border); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 4px 0 6px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
th { font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--stripe); }
td { white-space: nowrap; }
td.wrap { white-space: normal; overflow-wrap: break-word; min-width: 200px; max-width: 420px; }
.table-wrap { overflow-x: auto; max-width: 100%; }
.num { text-align: right; white-space: nowrap; }
.failed { color: var(--failed); font-weight: 600; }
.legacy { color: var(--legacy); }
.muted, .how { color: var(--muted); }
.how { font-size: 12px; margin: 0 0 10px; }
.tag { display: inline-block; margin-left: 6px; padding: 0 5px; border: 1px solid var(--border);
  border-radius: 3px; font-size: 11px; color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; color: var(--muted); margin: 4px 0 8px; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; }
.swatch.gen { background: var(--gen); }
.swatch.consumer { background: var(--consumer); }
.swatch.ttft { background: var(--ttft); }
.swatch.ttft-legacy { background: repeating-linear-gradient(45deg, var(--ttft-light) 0 3px, var(--ttft) 3px 4px); }
.charts { display: flex; flex-wrap: wrap; gap: 12px 24px; }
figure { margin: 0; }
figcaption { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; max-width: 560px; }
svg.chart { max-width: 100%; height: auto; font: 10px system-ui, sans-serif; }
svg .ttft { fill: var(--ttft); }
svg .ttft-light { fill: var(--ttft-light); }
svg .ttft-hatch { stroke: var(--ttft); stroke-width: 1.5; }
svg .legacy-bar { stroke: var(--ttft); stroke-width: 0.5; }
svg .gen { fill: var(--gen); }
svg .consumer { fill: var(--consumer); }
svg .axis, svg .label { fill: var(--muted); }
svg .label { font-size: 11px; fill: var(--fg); }
svg .axis-line { stroke: var(--border); }
svg .marker { stroke: var(--fg); stroke-dasharray: 3 3; stroke-width: 1; }
svg .marker-label { fill: var(--fg); font-weight: 600; }
footer { margin-top: 32px; font-size: 12px; color: var(--muted); }
footer ul { padding-left: 18px; }
@media print {
  :root {
    --bg: #ffffff; --fg: #000000; --muted: #444444; --border: #bbbbbb; --stripe: #f3f3f3;
    --gen: #1d4ed8; --consumer: #d97706; --ttft: #6d28d9; --ttft-light: #ddd6fe;
    --failed: #b91c1c; --legacy: #555555;
  }
  body { padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section, figure, table, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  td.wrap { max-width: none; }
  .table-wrap { overflow: visible; }
}
`;
