import { useEffect, useState } from 'react';

/** The content width of an element, kept current with a ResizeObserver (0 until it is measured). */
export function useElementWidth(element: Element | null): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (element === null) return;
    setWidth(element.getBoundingClientRect().width);
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(w);
    });
    ro.observe(element);
    return () => ro.disconnect();
  }, [element]);
  return width;
}
