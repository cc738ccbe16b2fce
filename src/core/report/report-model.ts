import type { Comparison } from '../../shared/schemas/compare';
import type { Goodput, Slo } from '../../shared/slo';
import { STATS_CONVENTION, type StatMetric, type Stats, type StreamRow } from '../../shared/stream-row';
import { goodput } from '../metrics/goodput';
import { metricValues } from '../metrics/metric-values';
import {
  findRegressions,
  type Regression,
  type RegressionOptions,
  type RegressionSettings,
} from '../metrics/regressions';
import { computeStats } from '../metrics/stats';

/** The CLI's --group-by values. */
export const GROUP_BY_VALUES = ['project', 'app', 'partition', 'action'] as const;
export type GroupBy = (typeof GROUP_BY_VALUES)[number];

/** Key of a group whose streams have no partition key / no action. */
export const NO_KEY = '(none)';

/** One filter value as the user gave it (a project name, an app glob, a time range's ends). */
export type FilterValue = string | number | boolean | null | readonly (string | number)[];
/** The filters that chose the streams, as key/values, e.g. { project: 'chat', app: 'run-*' }. */
export type ReportFilters = Readonly<Record<string, FilterValue>>;

export interface ReportSelection {
  group_by: GroupBy;
  /** Empty when every stream of the database is in the report. */
  filters: ReportFilters;
}

export interface TimingSourceCounts {
  hooks: number;
  legacy: number;
}

export type GroupMetricStats = Record<StatMetric, Stats>;

export interface ReportGroup extends GroupMetricStats {
  key: string;
  /** All streams of the group, failed included. */
  streams: number;
  /** Failed streams: excluded from every statistic of the group, counted here. */
  failed: number;
  /** Distinct app ids. */
  apps: number;
  /**
   * Streams by timing source. Legacy streams derive inter_item_ms and items_per_s from timestamps
   * (inter-item then includes consumer time), so renderers label those numbers when legacy > 0.
   */
  timing_sources: TimingSourceCounts;
  /** Streams meeting the SLOs over all streams of the group; present only when SLOs were given. */
  goodput?: Goodput;
}

/** The computed report: exactly what `report --format json` prints (DESIGN.md, CLI). */
export interface Report {
  convention: typeof STATS_CONVENTION;
  selection: ReportSelection;
  /** ISO 8601, UTC. */
  generated_at: string;
  groups: ReportGroup[];
  /** Every stream in the selection, failed included, as BURR-FORMAT §3 rows. */
  streams: StreamRow[];
  comparison?: Comparison;
  /** Change points of each metric's p50/p90 over time, per group; present only when asked for. */
  regressions?: Regression[];
  /** How the regressions were found (method, series, level, permutations, seed). */
  regression_settings?: RegressionSettings;
}

export interface BuildReportOptions {
  groupBy: GroupBy;
  selection: ReportFilters;
  generatedAt: Date;
  comparison?: Comparison;
  /** Latency SLOs: each group then has its goodput. */
  slo?: Slo;
  /** Scan for change points over time (true for the defaults). */
  regressions?: boolean | RegressionOptions;
}

/** The group key of a stream; null partitions/actions share one explicit "(none)" group. */
export function groupKey(stream: StreamRow, groupBy: GroupBy): string {
  switch (groupBy) {
    case 'project':
      return stream.project;
    case 'app':
      return stream.app_id;
    case 'partition':
      return stream.partition_key ?? NO_KEY;
    case 'action':
      return stream.action ?? NO_KEY;
  }
}

function summarise(key: string, streams: readonly StreamRow[], slo: Slo | undefined): ReportGroup {
  let failed = 0;
  let legacy = 0;
  const apps = new Set<string>();
  for (const s of streams) {
    if (s.failed) failed++;
    if (s.timing_source === 'legacy') legacy++;
    apps.add(s.app_id);
  }
  const stat = (metric: StatMetric): Stats => computeStats(metricValues(streams, metric).values);
  // Spelled out rather than looped over STAT_METRICS: the compiler then checks every metric is
  // present, and the JSON keys come out in the documented order.
  return {
    key,
    streams: streams.length,
    failed,
    apps: apps.size,
    timing_sources: { hooks: streams.length - legacy, legacy },
    ...(slo ? { goodput: goodput(streams, slo) } : {}),
    ttft_ms: stat('ttft_ms'),
    generation_ms: stat('generation_ms'),
    consumer_ms: stat('consumer_ms'),
    gen_share: stat('gen_share'),
    inter_item_ms: stat('inter_item_ms'),
    items_per_s: stat('items_per_s'),
    legacy_ms_per_item: stat('legacy_ms_per_item'),
  };
}

/**
 * Groups the streams and computes every statistic of the report (failed streams excluded from the
 * statistics and counted per group). Groups are ordered by key (code-point order, so the same data
 * gives byte-identical reports everywhere); streams keep the caller's order.
 */
export function buildReport(streams: readonly StreamRow[], opts: BuildReportOptions): Report {
  if (Number.isNaN(opts.generatedAt.getTime()))
    throw new RangeError('buildReport: generatedAt is an invalid date');
  const byKey = new Map<string, StreamRow[]>();
  for (const s of streams) {
    const key = groupKey(s, opts.groupBy);
    const list = byKey.get(key);
    if (list) list.push(s);
    else byKey.set(key, [s]);
  }
  const keys = [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const report: Report = {
    convention: STATS_CONVENTION,
    selection: { group_by: opts.groupBy, filters: { ...opts.selection } },
    generated_at: opts.generatedAt.toISOString(),
    groups: keys.map((k) => summarise(k, byKey.get(k) ?? [], opts.slo)),
    streams: [...streams],
  };
  if (opts.comparison) report.comparison = opts.comparison;
  if (opts.regressions) {
    const found = findRegressions(
      keys.map((k) => ({ name: k, streams: byKey.get(k) ?? [] })),
      opts.regressions === true ? {} : opts.regressions,
    );
    report.regressions = found.regressions;
    report.regression_settings = found.settings;
  }
  return report;
}
