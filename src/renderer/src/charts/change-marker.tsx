import { formatCount, formatPercentChange, formatPValue } from '../../../shared/format';
import type { DashboardChangePoint } from '../../../shared/schemas/dashboard';
import { formatDateTime } from '../lib/format-time';
import { TooltipBox } from './chart-tooltip';

interface MarkerLineProps {
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
  stroke: string;
  label: string;
  /** Called with the marker's x in the chart, to place the tooltip beside it. */
  onShow: (x: number) => void;
  onHide: () => void;
}

/**
 * A change point drawn by ReferenceLine's `shape`: the dashed line plus a small flag at its top
 * that shows the change on hover and on keyboard focus (Tab reaches it).
 */
export function MarkerLine({ x1, y1, x2, y2, stroke, label, onShow, onHide }: MarkerLineProps) {
  if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) return <g />;
  const top = Math.min(y1, y2);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it takes focus for its tooltip
    <g
      className="change-marker"
      role="button"
      tabIndex={0}
      aria-label={label}
      onMouseEnter={() => onShow(x1)}
      onMouseLeave={onHide}
      onFocus={() => onShow(x1)}
      onBlur={onHide}
      data-testid="change-marker"
    >
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={stroke} strokeWidth={1.25} strokeDasharray="2 3" />
      {/* A wider invisible line: the dashed one is too thin to hover. */}
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="transparent" strokeWidth={10} />
      <path d={`M${x1 - 5},${top} L${x1 + 5},${top} L${x1},${top + 7} Z`} fill={stroke} stroke={stroke} />
    </g>
  );
}

/** The words of a change point, for the marker's tooltip and its accessible name. */
export function changeRows(c: DashboardChangePoint, format: (v: number) => string) {
  const fmt = (v: number | null): string => (v === null ? '–' : format(v));
  return [
    { label: `before (${c.stat})`, value: `${fmt(c.before[c.stat])} · n = ${formatCount(c.before.n)}` },
    { label: `after (${c.stat})`, value: `${fmt(c.after[c.stat])} · n = ${formatCount(c.after.n)}` },
    { label: 'change', value: `${formatPercentChange(c.changePct)} (${c.direction})` },
    { label: 'significance', value: formatPValue(c.p) },
  ];
}

/** About the widest the tooltip gets. */
const TOOLTIP_PX = 330;

export function ChangeTooltip({
  change,
  x,
  width,
  label,
  format,
}: {
  change: DashboardChangePoint;
  /** The marker's x: the tooltip opens to its right, or to its left when it would not fit. */
  x: number;
  /** The chart's width in px. */
  width: number;
  label: string;
  format: (v: number) => string;
}) {
  return (
    <div
      className="change-tooltip"
      data-testid="change-tooltip"
      style={{ left: x + 10 + TOOLTIP_PX <= width ? x + 10 : Math.max(0, x - 10 - TOOLTIP_PX) }}
    >
      <TooltipBox
        title={`${label} ${change.stat} changed at ${formatDateTime(change.t)}`}
        rows={changeRows(change, format)}
        hint="E-divisive means on equal-count buckets, permutation test"
      />
    </div>
  );
}
