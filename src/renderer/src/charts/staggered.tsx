import { type ComponentType, memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useBoxWidth } from './box-width';
import { createTurnQueue } from './turn-queue';

/*
 * Charts draw one per task. A dashboard answer changes up to eight recharts charts at once, and
 * recharts registers each chart's axes and series in a store of its own during React's commit, a
 * phase React cannot split: drawn together they were one main-thread task of 100-150 ms on 48,000
 * streams. A staggered chart keeps showing what it showed (or a placeholder of its size) and takes
 * its turn in a queue that lets one chart draw per macrotask, so the page answers input between
 * charts. The queue moves on when the chart has committed (a layout effect), not on a timer guess,
 * and after the next frame (turn-queue.ts).
 *
 * The slot also measures the chart's width (box-width.ts) and hands it to the chart, so a chart
 * draws at its size in its own turn, in one pass: no ResponsiveContainer, whose mount effect
 * forced a layout of the page and drew the chart a second time.
 */

const turns = createTurnQueue({
  frame: (f) => requestAnimationFrame(f),
  later: (f, ms) => setTimeout(f, ms),
});

/** `value` once its turn came; undefined until the first turn. */
function useStaggered<T>(value: T | undefined): T | undefined {
  const [shown, setShown] = useState<T | undefined>(undefined);
  const waiting = useRef(false);
  useEffect(() => {
    if (value === undefined || shown === value) return;
    return turns.enqueue(() => {
      waiting.current = true;
      setShown(value);
      // Should React skip that render, the queue still moves on.
      setTimeout(() => {
        if (!waiting.current) return;
        waiting.current = false;
        turns.done();
      }, 100);
    });
  }, [value, shown]);
  useLayoutEffect(() => {
    if (!waiting.current) return;
    waiting.current = false;
    turns.done();
  });
  // A chart unmounted before its turn committed must not stall the queue, nor end the turn twice
  // (its 100 ms timer would: two charts would then draw per task).
  useEffect(
    () => () => {
      if (!waiting.current) return;
      waiting.current = false;
      turns.done();
    },
    [],
  );
  return shown;
}

/** The box that holds a chart's place until it draws. */
export function ChartPending({ height }: { height: number }) {
  return <div className="chart-pending" style={{ height }} aria-busy="true" />;
}

/** What a staggered chart is drawn with: its own props and the width of its slot, in pixels. */
export type Sized<P> = P & { width: number };

/**
 * `Inner` (a memoized chart) drawn in its turn at its slot's width; until its first turn a box of
 * its height holds its place, so the page does not jump. `height` reads the placeholder height
 * from the props.
 */
export function staggered<P extends object>(
  Inner: ComponentType<Sized<P>>,
  height: (p: P) => number,
): ComponentType<P> {
  return memo(function Staggered(props: P) {
    const [slot, width] = useBoxWidth();
    // One object per (props, width), kept in a ref rather than useMemo: useStaggered compares by
    // identity, and a fresh object for the same pair would queue another turn.
    const wantedRef = useRef<{ props: P; width: number } | undefined>(undefined);
    if (width > 0 && (wantedRef.current?.props !== props || wantedRef.current.width !== width))
      wantedRef.current = { props, width };
    const shown = useStaggered(wantedRef.current);
    return (
      <div ref={slot} className="chart-slot">
        {shown === undefined ? (
          <ChartPending height={height(props)} />
        ) : (
          <Inner {...shown.props} width={shown.width} />
        )}
      </div>
    );
  });
}
