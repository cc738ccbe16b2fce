import { type ComponentProps, Suspense } from 'react';
import { LoadErrorBoundary } from '../components/load-error-boundary';
import { lazyComponent, type Preloadable } from '../lib/lazy-component';
import type { CdfChart as CdfChartNow } from './cdf-chart';
import { cdfHeight, histogramHeight, scatterHeight, splitBarsHeight, trendHeight } from './chart-heights';
import type { HistogramChart as HistogramChartNow } from './histogram-chart';
import type { SplitBarsChart as SplitBarsChartNow } from './split-bars-chart';
import type { SplitScatterChart as SplitScatterChartNow } from './split-scatter-chart';
import { ChartPending } from './staggered';
import type { TrendChart as TrendChartNow } from './trend-chart';

/*
 * The dashboard's charts, in a chunk of their own (the split bars draw their own SVG, but take their
 * ticks from recharts). recharts and what it brings (d3, its
 * store) are about 40% of the page's script; evaluated with the rest, they held back the page's
 * first request to the core. The dashboard now sends its first request (the dashboard, or a
 * project's SLOs that it waits for) and then asks for this chunk (preloadDashboardCharts), so the
 * two load together; until the chunk is in, each chart's place is held by the box of the height it
 * will have, as before its turn to draw (staggered.tsx).
 */

const loadCharts = () => import('./dashboard-charts');

/** Starts loading the charts chunk (a module loads once), before any chart renders. */
export function preloadDashboardCharts(): void {
  loadCharts().catch(() => {}); // a failed load shows where a chart renders (LoadErrorBoundary)
}

/**
 * `chart` of the charts chunk drawn with `props`; until the chunk is in, its place is held by the
 * very box staggered.tsx holds before a turn.
 */
function ChartOnceLoaded<P extends object>({
  chart: Chart,
  props,
  height,
}: {
  chart: Preloadable<P>;
  props: P;
  height: (p: P) => number;
}) {
  const pending = (
    <div className="chart-slot">
      <ChartPending height={height(props)} />
    </div>
  );
  return (
    <LoadErrorBoundary what="this chart">
      <Suspense fallback={pending}>
        <Chart {...props} />
      </Suspense>
    </LoadErrorBoundary>
  );
}

const LoadedCdf = lazyComponent(() => loadCharts().then((c) => c.CdfChart));
const LoadedHistogram = lazyComponent(() => loadCharts().then((c) => c.HistogramChart));
const LoadedSplitBars = lazyComponent(() => loadCharts().then((c) => c.SplitBarsChart));
const LoadedScatter = lazyComponent(() => loadCharts().then((c) => c.SplitScatterChart));
const LoadedTrend = lazyComponent(() => loadCharts().then((c) => c.TrendChart));

export function CdfChart(props: ComponentProps<typeof CdfChartNow>) {
  return <ChartOnceLoaded chart={LoadedCdf} props={props} height={cdfHeight} />;
}
export function HistogramChart(props: ComponentProps<typeof HistogramChartNow>) {
  return <ChartOnceLoaded chart={LoadedHistogram} props={props} height={histogramHeight} />;
}
export function SplitBarsChart(props: ComponentProps<typeof SplitBarsChartNow>) {
  return <ChartOnceLoaded chart={LoadedSplitBars} props={props} height={splitBarsHeight} />;
}
export function SplitScatterChart(props: ComponentProps<typeof SplitScatterChartNow>) {
  return <ChartOnceLoaded chart={LoadedScatter} props={props} height={scatterHeight} />;
}
export function TrendChart(props: ComponentProps<typeof TrendChartNow>) {
  return <ChartOnceLoaded chart={LoadedTrend} props={props} height={trendHeight} />;
}
