import { memo, type ReactNode, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';

export interface ScatterPoint {
  x: number;
  y: number;
  /** Points of one colour share marks; the colour says which class the point is in. */
  color: string;
}

/** Points closer than this many pixels (same cell of this size, same colour) share one mark. */
export const CELL_PX = 6;
const R = 3.5;
/** Opacity says how many points a mark holds: one, a few, many. */
const DENSITY = [
  { min: 1, opacity: 0.5 },
  { min: 2, opacity: 0.75 },
  { min: 5, opacity: 1 },
] as const;

export interface Mark {
  px: number;
  py: number;
  color: string;
  /** Indexes of the caller's points in this mark, the first one is the mark's stream. */
  points: number[];
}

/** Groups points by colour and pixel cell; each mark sits at the mean position of its points. */
export function toMarks(
  points: readonly ScatterPoint[],
  xs: (v: number) => number | undefined,
  ys: (v: number) => number | undefined,
): Mark[] {
  const cells = new Map<string, { sx: number; sy: number; color: string; points: number[] }>();
  points.forEach((p, i) => {
    const px = xs(p.x);
    const py = ys(p.y);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) return;
    const key = `${p.color}|${Math.floor(px / CELL_PX)}|${Math.floor(py / CELL_PX)}`;
    const c = cells.get(key);
    if (c === undefined) cells.set(key, { sx: px, sy: py, color: p.color, points: [i] });
    else {
      c.sx += px;
      c.sy += py;
      c.points.push(i);
    }
  });
  return [...cells.values()].map((c) => ({
    px: c.sx / c.points.length,
    py: c.sy / c.points.length,
    color: c.color,
    points: c.points,
  }));
}

function densityOf(n: number): number {
  let k = 0;
  DENSITY.forEach((d, i) => {
    if (n >= d.min) k = i;
  });
  return k;
}

/** One path per colour and density: a few DOM nodes whatever the number of points. */
function toPaths(
  marks: readonly Mark[],
  colors: readonly string[],
): { key: string; d: string; color: string; opacity: number }[] {
  const out: { key: string; d: string; color: string; opacity: number }[] = [];
  for (const color of colors) {
    DENSITY.forEach((density, k) => {
      let d = '';
      for (const m of marks) {
        if (m.color !== color || densityOf(m.points.length) !== k) continue;
        d += `M${(m.px - R).toFixed(1)} ${m.py.toFixed(1)}a${R} ${R} 0 1 0 ${2 * R} 0a${R} ${R} 0 1 0 ${-2 * R} 0`;
      }
      if (d !== '') out.push({ key: `${color}${k}`, d, color, opacity: density.opacity });
    });
  }
  return out;
}

/**
 * The points of a scatter, inside a recharts chart (its axes, grid and reference lines stay
 * recharts'). recharts draws each point as a React component with handlers and store entries:
 * 2,000 of them took a second of main thread on every redraw. Here points closer than CELL_PX
 * share a mark (darker = more points), every mark of one colour and density is one SVG path, and
 * one transparent rectangle finds the mark under the pointer: a redraw is a few ms, and the SVG
 * still saves as PNG. `caption` (portalled into `captionHost`) says how many marks were drawn.
 */
export const ScatterMarks = memo(function ScatterMarks({
  points,
  colors,
  activeStroke,
  tooltipHost,
  captionHost,
  tooltip,
  caption,
  onOpen,
}: {
  points: readonly ScatterPoint[];
  /** Drawing order of the colours (later ones on top). */
  colors: readonly string[];
  /** The ring of the hovered mark. */
  activeStroke: string;
  /** Where the tooltip is drawn (the HTML element holding the chart). */
  tooltipHost: HTMLElement | null;
  /** Where the caption is drawn (an HTML element under the chart). */
  captionHost: HTMLElement | null;
  tooltip: (mark: Mark) => ReactNode;
  caption: (marks: number) => ReactNode;
  onOpen: (point: number) => void;
}) {
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  const plot = usePlotArea();
  const [active, setActive] = useState<Mark | null>(null);
  const marks = useMemo(() => (xs && ys ? toMarks(points, xs, ys) : []), [points, xs, ys]);
  const paths = useMemo(() => toPaths(marks, colors), [marks, colors]);
  if (!xs || !ys || !plot) return null;

  /** The mark nearest the pointer, within a few pixels. */
  const markAt = (e: React.MouseEvent<SVGRectElement>): Mark | null => {
    const svg = e.currentTarget.ownerSVGElement;
    if (svg === null) return null;
    const r = svg.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    let best: Mark | null = null;
    let bestD = (R + 4) ** 2;
    for (const m of marks) {
      const d = (m.px - x) ** 2 + (m.py - y) ** 2;
      if (d <= bestD) {
        best = m;
        bestD = d;
      }
    }
    return best;
  };
  const flip = active !== null && active.px > plot.x + plot.width / 2;
  return (
    <>
      <g className="scatter-marks" pointerEvents="none">
        {paths.map((p) => (
          <path key={p.key} d={p.d} fill={p.color} fillOpacity={p.opacity} />
        ))}
        {active ? (
          <circle
            cx={active.px}
            cy={active.py}
            r={R + 1.5}
            fill={active.color}
            stroke={activeStroke}
            strokeWidth={2}
          />
        ) : null}
      </g>
      {/* biome-ignore lint/a11y: a mouse shortcut to the run; the split bars and the Streams table reach the same runs by keyboard */}
      <rect
        x={plot.x}
        y={plot.y}
        width={plot.width}
        height={plot.height}
        fill="transparent"
        style={{ cursor: active ? 'pointer' : undefined }}
        onMouseMove={(e) => setActive(markAt(e))}
        onMouseLeave={() => setActive(null)}
        onClick={(e) => {
          const m = markAt(e);
          const first = m?.points[0];
          if (first !== undefined) onOpen(first);
        }}
      />
      {tooltipHost && active
        ? createPortal(
            <div
              className="chart-tooltip-float"
              style={{
                left: flip ? active.px - 12 : active.px + 12,
                top: Math.max(0, active.py - 20),
                transform: flip ? 'translateX(-100%)' : undefined,
              }}
            >
              {tooltip(active)}
            </div>,
            tooltipHost,
          )
        : null}
      {captionHost ? createPortal(caption(marks.length), captionHost) : null}
    </>
  );
});
