import { memo, useCallback, useMemo, useState } from 'react';
import type { ResponseOf } from '../../../shared/contract';
import { formatMs, formatShare, percentileRankLabel } from '../../../shared/format';
import { useElementWidth } from '../lib/use-element-width';
import { useThemeColors } from '../theme/use-theme-colors';
import { axisLabel, linearTicks, niceMax } from './axis-ticks';
import { SPLIT_AXIS_PX as AXIS_H, SPLIT_ROW_PX as ROW_PX, splitBarsHeight } from './chart-heights';
import { TooltipBox } from './chart-tooltip';
import { staggered } from './staggered';

export type SplitBar = ResponseOf<'dashboard:get'>['split']['bars'][number];

const GAP_PX = 3;
const LABEL_W = 214;
const RIGHT = 16;
const LABEL_CHARS = 30;

function shorten(s: string): string {
  return s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s;
}

/**
 * Generation vs consumer per stream as horizontal stacked bars, in the order the core sorted them
 * (the core sends the top few hundred; the panel says how many of how many). Plain SVG rather than
 * recharts: a 300-category recharts BarChart took most of a second to draw, these rows take a few
 * ms, and only when the bars or the width change (memo; rows kept across hovers). Hover or the
 * keyboard (Tab to the chart, arrows, Enter) shows a row's exact values; click or Enter opens its run.
 */
interface SplitBarsProps {
  bars: SplitBar[];
  onOpen: (appRef: number) => void;
}

const SplitBarsChartNow = memo(function SplitBarsChart({ bars, onOpen }: SplitBarsProps) {
  const colors = useThemeColors();
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const width = useElementWidth(box);
  const [active, setActive] = useState<number | null>(null);
  const height = Math.max(120, bars.length * ROW_PX + AXIS_H + 12);
  const xMax = useMemo(() => {
    let m = 0;
    for (const b of bars) m = Math.max(m, b.generationMs + b.consumerMs);
    return niceMax(m);
  }, [bars]);
  const plotW = Math.max(10, width - LABEL_W - RIGHT);
  const sx = useCallback((v: number) => LABEL_W + (v / xMax) * plotW, [xMax, plotW]);

  const axis = useMemo(() => {
    // About one label per 70 px: five labels of "1,950 ms" on a narrow panel ran into each other.
    const ticks = linearTicks(0, xMax, Math.max(2, Math.min(5, Math.floor(plotW / 70))));
    const label = axisLabel(formatMs);
    return (
      <g className="split-axis">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={sx(t)} x2={sx(t)} y1={AXIS_H} y2={height - 4} stroke={colors.grid} />
            <text
              x={sx(t)}
              y={AXIS_H - 8}
              // The last label ends at its tick, so it is not cut off at the chart's right edge.
              textAnchor={t === ticks[ticks.length - 1] ? 'end' : 'middle'}
              fontSize={11}
              fill={colors.axis}
            >
              {label(t)}
            </text>
          </g>
        ))}
        <line x1={LABEL_W} x2={LABEL_W + plotW} y1={AXIS_H} y2={AXIS_H} stroke={colors.border} />
        <line x1={LABEL_W} x2={LABEL_W} y1={AXIS_H} y2={height - 4} stroke={colors.border} />
      </g>
    );
  }, [xMax, sx, plotW, height, colors]);

  const rows = useMemo(
    () =>
      bars.map((b, i) => {
        const y = AXIS_H + 4 + i * ROW_PX;
        const x1 = sx(b.generationMs);
        const x2 = sx(b.generationMs + b.consumerMs);
        return (
          <g key={`${b.streamId}`} data-i={i}>
            <text x={LABEL_W - 6} y={y + ROW_PX / 2 + 4} textAnchor="end" fontSize={11} fill={colors.axis}>
              {shorten(`${b.appId} #${b.sequenceId}`)}
            </text>
            <rect
              className="split-bar"
              x={LABEL_W}
              y={y}
              width={Math.max(0, x1 - LABEL_W)}
              height={ROW_PX - GAP_PX}
              fill={colors.gen}
            />
            <rect
              className="split-bar"
              x={x1}
              y={y}
              width={Math.max(0, x2 - x1)}
              height={ROW_PX - GAP_PX}
              fill={colors.consumer}
            />
          </g>
        );
      }),
    [bars, sx, colors],
  );

  const rowAt = (clientY: number, svg: SVGSVGElement): number | null => {
    const i = Math.floor((clientY - svg.getBoundingClientRect().top - AXIS_H - 4) / ROW_PX);
    return i >= 0 && i < bars.length ? i : null;
  };
  const moveTo = (i: number, svg: SVGSVGElement): void => {
    setActive(i);
    // Keep the row in view in the panel's scroll box when the keyboard moves past its edge.
    const scroller = svg.closest('.split-scroll');
    if (scroller === null) return;
    const top = AXIS_H + 4 + i * ROW_PX;
    if (top < scroller.scrollTop) scroller.scrollTop = top - AXIS_H;
    else if (top + ROW_PX > scroller.scrollTop + scroller.clientHeight)
      scroller.scrollTop = top + ROW_PX - scroller.clientHeight + 4;
  };
  const a = active === null ? undefined : bars[active];
  const aTotal = a ? a.generationMs + a.consumerMs : 0;
  const aY = active === null ? 0 : AXIS_H + 4 + active * ROW_PX;
  const aX = a ? Math.min(sx(aTotal) + 10, Math.max(LABEL_W, width - 300)) : 0;

  return (
    <div className="split-scroll" data-testid="split-bars">
      <div className="chart-box" style={{ height }} ref={setBox}>
        {width > 0 ? (
          <svg
            width={width}
            height={height}
            role="application"
            aria-label="Generation vs consumer bars: arrow keys move between streams, Enter opens the run"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a list of runs to open: arrows move, Enter opens
            tabIndex={0}
            style={{ display: 'block', cursor: a ? 'pointer' : undefined }}
            onMouseMove={(e) => setActive(rowAt(e.clientY, e.currentTarget))}
            onMouseLeave={() => setActive(null)}
            onBlur={() => setActive(null)}
            onClick={(e) => {
              const i = rowAt(e.clientY, e.currentTarget);
              const b = i === null ? undefined : bars[i];
              if (b) onOpen(b.appRef);
            }}
            onKeyDown={(e) => {
              const last = bars.length - 1;
              const cur = active ?? -1;
              const next =
                e.key === 'ArrowDown'
                  ? Math.min(last, cur + 1)
                  : e.key === 'ArrowUp'
                    ? Math.max(0, cur - 1)
                    : e.key === 'Home'
                      ? 0
                      : e.key === 'End'
                        ? last
                        : null;
              if (next !== null && last >= 0) {
                e.preventDefault();
                moveTo(next, e.currentTarget);
              } else if (e.key === 'Enter' && a) {
                e.preventDefault();
                onOpen(a.appRef);
              }
            }}
          >
            {a ? <rect x={0} y={aY - 1} width={width} height={ROW_PX + 1} fill={colors.grid} /> : null}
            {axis}
            <g className="split-rows">{rows}</g>
          </svg>
        ) : null}
        {a ? (
          <div
            className="chart-tooltip-float"
            // Below the row, or above it near the bottom, so the panel's scroll box never clips it.
            style={
              active !== null && active > bars.length - 8
                ? { left: aX, top: aY - 2, transform: 'translateY(-100%)' }
                : { left: aX, top: aY + ROW_PX }
            }
          >
            <TooltipBox
              title={a.appId}
              rows={[
                { label: 'step', value: `#${a.sequenceId} ${a.action ?? ''}` },
                { label: 'generation', value: formatMs(a.generationMs), color: colors.gen },
                { label: 'consumer', value: formatMs(a.consumerMs), color: colors.consumer },
                {
                  label: 'TTFT',
                  value: a.ttftRank
                    ? `${formatMs(a.ttftMs)} · ${percentileRankLabel(a.ttftRank)}`
                    : formatMs(a.ttftMs),
                  color: colors.ttft,
                },
                { label: 'total', value: formatMs(aTotal) },
                {
                  label: 'generation share',
                  value: formatShare(aTotal > 0 ? a.generationMs / aTotal : null),
                },
              ]}
              hint="Click or Enter opens the run"
            />
          </div>
        ) : null}
      </div>
    </div>
  );
});

/** Drawn in its turn, one chart per task (staggered.tsx). */
export const SplitBarsChart = staggered<SplitBarsProps>(SplitBarsChartNow, splitBarsHeight);
