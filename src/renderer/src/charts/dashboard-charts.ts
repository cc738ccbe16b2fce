/** The recharts charts the dashboard draws: one chunk, loaded by lazy-charts.tsx. */
export { CdfChart } from './cdf-chart';
export { HistogramChart } from './histogram-chart';
export { SplitBarsChart } from './split-bars-chart';
export { SplitScatterChart } from './split-scatter-chart';
export { TrendChart } from './trend-chart';
