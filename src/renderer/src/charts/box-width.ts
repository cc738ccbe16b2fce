import { useCallback, useRef, useState } from 'react';

/**
 * The content width of an element, as a ResizeObserver reports it: in the frame's resize step,
 * after layout, so reading it never forces a layout of its own. (recharts' ResponsiveContainer
 * reads getBoundingClientRect in a mount effect: on a view of eight charts that was a forced
 * layout of the whole page per chart, 10-30 ms each.) 0 until the first report. Pass the returned
 * callback as the element's ref. A hidden or minimised window draws no frames and so gets no
 * report: a chart first mounted there keeps its placeholder until the window is shown.
 */
export function useBoxWidth(): [(node: HTMLElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((node: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (node === null) return;
    observer.current = new ResizeObserver((entries) => {
      const w = Math.floor(entries[entries.length - 1]?.contentRect.width ?? 0);
      // Whole pixels: sub-pixel jitter must not redraw a chart.
      setWidth((old) => (old === w ? old : w));
    });
    observer.current.observe(node);
  }, []);
  return [ref, width];
}
