import { memo, type ReactNode, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';

export interface ScatterMark {
  x: number;
  y: number;
  color: string;
}

interface Placed {
  /** Index into the caller's marks. */
  i: number;
  px: number;
  py: number;
}

const R = 4;

/** One SVG fragment for every mark: numbers and theme colours only, never text from logs. */
function circlesMarkup(placed: readonly Placed[], marks: readonly ScatterMark[], stroke: string): string {
  let out = '';
  for (const p of placed) {
    const m = marks[p.i] as ScatterMark;
    out += `<circle data-i="${p.i}" cx="${p.px.toFixed(1)}" cy="${p.py.toFixed(1)}" r="${R}" fill="${m.color}" fill-opacity="0.75" stroke="${stroke}" stroke-width="1"></circle>`;
  }
  return out;
}

/**
 * The points of a scatter, inside a recharts chart (its axes, grid and reference lines stay
 * recharts'). recharts draws a scatter point as a React component with its own handlers and store
 * entries: 2,000 of them took a second of main thread on every redraw. Here the circles are one
 * markup string set at once (React never reconciles them one by one), and one handler on their
 * group finds the point under the pointer from `data-i`. They look exactly as before (each circle
 * its own fill and ring, so dense regions read darker), and the SVG still saves as PNG.
 */
export const ScatterMarks = memo(function ScatterMarks({
  marks,
  stroke,
  activeStroke,
  tooltipHost,
  tooltip,
  onOpen,
}: {
  marks: readonly ScatterMark[];
  /** The ring around each circle (the panel colour). */
  stroke: string;
  /** The ring of the hovered circle. */
  activeStroke: string;
  /** Where the tooltip is drawn (an HTML element over the chart). */
  tooltipHost: HTMLElement | null;
  tooltip: (i: number) => ReactNode;
  onOpen: (i: number) => void;
}) {
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  const plot = usePlotArea();
  const [active, setActive] = useState<Placed | null>(null);
  const placed = useMemo(() => {
    const out: Placed[] = [];
    if (!xs || !ys) return out;
    marks.forEach((m, i) => {
      const px = xs(m.x);
      const py = ys(m.y);
      if (px !== undefined && py !== undefined && Number.isFinite(px) && Number.isFinite(py))
        out.push({ i, px, py });
    });
    return out;
  }, [marks, xs, ys]);
  const markup = useMemo(() => ({ __html: circlesMarkup(placed, marks, stroke) }), [placed, marks, stroke]);
  const byIndex = useMemo(() => new Map(placed.map((p) => [p.i, p])), [placed]);
  if (!xs || !ys || !plot) return null;

  const indexOf = (target: EventTarget): number | null => {
    const v = target instanceof Element ? target.getAttribute('data-i') : null;
    return v === null ? null : Number(v);
  };
  const activeMark = active ? marks[active.i] : undefined;
  // The tooltip sits beside the point, on the side with more room.
  const left = active ? (active.px > plot.x + plot.width / 2 ? active.px - 12 : active.px + 12) : 0;
  const flip = active !== null && active.px > plot.x + plot.width / 2;
  return (
    <>
      {/* biome-ignore lint/a11y: a mouse shortcut to the run; the split bars and the Streams table reach the same runs by keyboard */}
      <g
        className="scatter-marks"
        style={{ cursor: 'pointer' }}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: numbers and theme colours only (circlesMarkup)
        dangerouslySetInnerHTML={markup}
        onMouseOver={(e) => {
          const i = indexOf(e.target);
          setActive(i === null ? null : (byIndex.get(i) ?? null));
        }}
        onMouseLeave={() => setActive(null)}
        onClick={(e) => {
          const i = indexOf(e.target);
          if (i !== null) onOpen(i);
        }}
      />
      {active && activeMark ? (
        <circle
          cx={active.px}
          cy={active.py}
          r={R + 1.5}
          fill={activeMark.color}
          stroke={activeStroke}
          strokeWidth={2}
          pointerEvents="none"
        />
      ) : null}
      {active && tooltipHost
        ? createPortal(
            <div
              className="chart-tooltip-float"
              style={{
                left,
                top: Math.max(0, active.py - 20),
                transform: flip ? 'translateX(-100%)' : undefined,
              }}
            >
              {tooltip(active.i)}
            </div>,
            tooltipHost,
          )
        : null}
    </>
  );
});
