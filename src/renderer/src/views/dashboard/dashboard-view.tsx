import { useCallback, useDeferredValue, useEffect, useMemo } from 'react';
import { formatCount, formatMs, formatRate } from '../../../../shared/format';
import { useLibrary } from '../../api/library-context';
import { useProjectSlo } from '../../api/use-project-slo';
import { useQuery } from '../../api/use-query';
import { ChartPanel } from '../../charts/chart-panel';
import {
  CdfChart,
  HistogramChart,
  preloadDashboardCharts,
  SplitBarsChart,
  SplitScatterChart,
} from '../../charts/lazy-charts';
import { LegendSwatch } from '../../charts/legend-items';
import { ErrorPanel } from '../../components/error-panel';
import { NoSourcesState, NoStreamsState } from '../../components/no-data';
import { Segmented } from '../../components/segmented';
import { DashboardSkeleton } from '../../components/skeleton';
import { StatsFootnote } from '../../components/stats-footnote';
import { cleanFilter, type SplitSort } from '../../state/app-state';
import { describeFilter } from '../../state/filter-summary';
import { useAppState } from '../../state/use-app-state';
import { useThemeColors } from '../../theme/use-theme-colors';
import { BreakdownTable } from './breakdown-table';
import { SloPanel } from './slo-panel';
import { SummaryTiles, statOf } from './summary-tiles';
import { TrendPanel } from './trend-panel';

const SPLIT_SORTS: readonly { value: SplitSort; label: string }[] = [
  { value: 'total', label: 'total' },
  { value: 'generation', label: 'generation' },
  { value: 'consumer', label: 'consumer' },
  { value: 'share', label: 'share' },
];

const shortRate = (v: number): string => formatRate(v).replace(' items/s', '/s');

function histogramCount(h: { counts: number[] }): number {
  return h.counts.reduce((n, c) => n + c, 0);
}

export function DashboardView() {
  const [state, setState] = useAppState();
  const { sources, sourceName } = useLibrary();
  const colors = useThemeColors();
  const filter = cleanFilter(state.filter);
  const project = filter.project;
  // The project's SLOs first: the dashboard then asks for goodput in the same request.
  const projectSlo = useProjectSlo(project);
  const slo = projectSlo.slo;
  const q = useQuery(
    'dashboard:get',
    { filter, ttftLog: state.ttftLog, splitSort: state.splitSort, ...(slo ? { slo } : {}) },
    slo !== undefined,
  );
  // After the query above has asked for the data: the charts' chunk loads while the core answers.
  useEffect(preloadDashboardCharts, []);

  // The toggle shows its new state at once; the chart follows in a deferred (sliced) render.
  const ttftCdf = useDeferredValue(state.ttftCdf);
  // Stable props for the memoized charts: a toggle redraws only the charts whose data changed.
  const openRun = useCallback((appRef: number): void => setState({ view: 'runs', run: appRef }), [setState]);
  const stats = q.data?.stats;
  const ttftStats = stats?.ttft_ms;
  const ipsStats = stats?.items_per_s;
  const interStats = stats?.inter_item_ms;
  const ttftMarkers = useMemo(
    () => [
      { label: 'p50', value: ttftStats?.p50 },
      { label: 'p90', value: ttftStats?.p90 },
      { label: 'p99', value: ttftStats?.p99 },
    ],
    [ttftStats],
  );
  const cdfPoints = q.data?.ttft.cdf;
  const ttftSeries = useMemo(
    () => [{ name: 'TTFT', color: colors.ttft, points: cdfPoints ?? [], n: ttftStats?.count ?? 0 }],
    [colors, cdfPoints, ttftStats],
  );
  const ipsMarkers = useMemo(
    () => [
      { label: 'p50', value: ipsStats?.p50 },
      { label: 'p90', value: ipsStats?.p90 },
    ],
    [ipsStats],
  );
  const legacyP50 = stats?.legacy_ms_per_item?.p50;
  const legacyMarkers = useMemo(() => [{ label: 'p50', value: legacyP50 }], [legacyP50]);
  const interMarkers = useMemo(
    () => [
      { label: 'p50', value: interStats?.p50 },
      { label: 'p90', value: interStats?.p90 },
    ],
    [interStats],
  );

  if (sources.data?.length === 0) return <NoSourcesState />;
  const d = q.data;
  if (d === undefined) {
    return q.error ? (
      <ErrorPanel title="Could not load the dashboard" message={q.error} onRetry={q.reload} />
    ) : (
      <DashboardSkeleton />
    );
  }
  if (d.counts.streams === 0 && !q.stale) return <NoStreamsState />;

  const subtitle = describeFilter(filter, sourceName);
  const ttft = statOf(d, 'ttft_ms');
  const legacyStats = statOf(d, 'legacy_ms_per_item');
  const t = d.throughput;
  const interDrawn = histogramCount(t.interItemMs);
  const interLeftOut = Math.max(0, (interStats?.count ?? 0) - interDrawn);
  const ipsAllLegacy = t.legacyCount > 0 && t.legacyCount >= (ipsStats?.count ?? 0);
  const ttftAllLegacy = d.ttft.legacyCount > 0 && d.ttft.legacyCount >= (ttft?.count ?? 0);

  return (
    <div className={q.stale ? 'stale' : undefined} data-testid="dashboard">
      {q.error ? (
        <ErrorPanel title="Could not refresh the dashboard" message={q.error} onRetry={q.reload} />
      ) : null}
      <SloPanel project={project} slo={slo} onChanged={projectSlo.reload} />
      <SummaryTiles d={d} />

      <div className="grid two">
        <ChartPanel
          title="Time to first token"
          n={`n = ${formatCount(ttft?.count ?? 0)}`}
          subtitle={subtitle}
          testId="panel-ttft"
          controls={
            <>
              <Segmented
                label="Chart"
                value={state.ttftCdf ? 'cdf' : 'hist'}
                options={[
                  { value: 'hist', label: 'Histogram' },
                  { value: 'cdf', label: 'CDF' },
                ]}
                onChange={(v) => setState({ ttftCdf: v === 'cdf' }, true)}
                testId="ttft-mode"
              />
              <Segmented
                label="Scale"
                value={state.ttftLog ? 'log' : 'linear'}
                options={[
                  { value: 'linear', label: 'Linear' },
                  { value: 'log', label: 'Log' },
                ]}
                onChange={(v) => setState({ ttftLog: v === 'log' }, true)}
                testId="ttft-scale"
              />
            </>
          }
          note={
            d.ttft.legacyCount > 0 ? (
              <span className="legacy-text">
                {formatCount(d.ttft.legacyCount)} legacy streams: TTFT = first item time − stream start (both
                UTC), from timestamps.
              </span>
            ) : undefined
          }
        >
          {ttftCdf ? (
            <CdfChart
              series={ttftSeries}
              log={state.ttftLog}
              format={formatMs}
              markers={ttftMarkers}
              markerColor={colors.text}
              height={240}
              testId="ttft-cdf"
            />
          ) : (
            <HistogramChart
              histogram={d.ttft.histogram}
              color={colors.ttft}
              legacy={ttftAllLegacy}
              log={state.ttftLog}
              format={formatMs}
              valueLabel="TTFT"
              markers={ttftMarkers}
              markerColor={colors.text}
              height={240}
              testId="ttft-histogram"
            />
          )}
        </ChartPanel>

        <TrendPanel
          trend={d.trend}
          filter={filter}
          ttftLog={state.ttftLog}
          splitSort={state.splitSort}
          subtitle={subtitle}
        />

        <ChartPanel
          title="Generation vs consumer per stream"
          n={
            d.split.total > d.split.bars.length
              ? `${formatCount(d.split.bars.length)} of ${formatCount(d.split.total)} streams`
              : `n = ${formatCount(d.split.total)}`
          }
          subtitle={subtitle}
          testId="panel-split"
          controls={
            <Segmented
              label="Sort bars by"
              value={state.splitSort}
              options={SPLIT_SORTS}
              onChange={(v) => setState({ splitSort: v }, true)}
              testId="split-sort"
            />
          }
          legend={
            <span className="legend">
              <LegendSwatch color={colors.gen} label="generation" />
              <LegendSwatch color={colors.consumer} label="consumer" />
              <span>Hooks-timed streams only; click a bar to open its run.</span>
            </span>
          }
        >
          {d.split.bars.length > 0 ? (
            <SplitBarsChart bars={d.split.bars} onOpen={openRun} />
          ) : (
            <div className="muted" style={{ padding: 24, textAlign: 'center' }}>
              No stream in this selection has generation/consumer timing (legacy logs only record timestamps).
            </div>
          )}
        </ChartPanel>

        <ChartPanel
          title="Who is the bottleneck"
          n={`n = ${formatCount(d.split.total)}`}
          subtitle={subtitle}
          testId="panel-scatter"
          legend={
            <span className="legend">
              <LegendSwatch color={colors.gen} label="generation-bound (below the diagonal)" />
              <LegendSwatch color={colors.consumer} label="consumer-bound (above)" />
            </span>
          }
        >
          {d.scatter.length > 0 ? (
            <SplitScatterChart points={d.scatter} total={d.split.total} onOpen={openRun} height={320} />
          ) : (
            <div className="muted" style={{ padding: 24, textAlign: 'center' }}>
              Needs generation and consumer times, which only hooks-timed streams have.
            </div>
          )}
        </ChartPanel>
      </div>

      <h2 className="section-title" style={{ marginTop: 16 }}>
        Throughput
      </h2>
      <div className="grid three">
        <ChartPanel
          title="Items per second"
          n={`n = ${formatCount(ipsStats?.count ?? 0)}`}
          subtitle={subtitle}
          testId="panel-items-per-s"
          note={
            t.legacyCount > 0 ? (
              <span className="legacy-text">
                Includes {formatCount(t.legacyCount)} legacy streams: items / stream seconds (includes
                consumer time).
              </span>
            ) : (
              'items / generation seconds'
            )
          }
        >
          <HistogramChart
            histogram={t.itemsPerS}
            color={colors.neutral}
            legacy={ipsAllLegacy}
            format={shortRate}
            valueLabel="items/s"
            markers={ipsMarkers}
            height={190}
          />
        </ChartPanel>
        <ChartPanel
          title="Inter-item time"
          n={`n = ${formatCount(interDrawn)}`}
          subtitle={subtitle}
          testId="panel-inter-item"
          note={
            <>
              (generation − TTFT) / (items − 1): generation-only, like TPOT.
              {interLeftOut > 0 ? (
                <span className="legacy-text">
                  {' '}
                  {formatCount(interLeftOut)} legacy values, (end − first item) / (items − 1), include
                  consumer time and are left out of this chart (the tile above includes them).
                </span>
              ) : null}
            </>
          }
        >
          {interDrawn > 0 ? (
            <HistogramChart
              histogram={t.interItemMs}
              color={colors.gen}
              format={formatMs}
              valueLabel="inter-item"
              // Markers are the statistics of every value; they only fit this histogram when it holds them all.
              markers={interLeftOut === 0 ? interMarkers : undefined}
              height={190}
            />
          ) : (
            <div
              className="muted"
              style={{ height: 190, display: 'grid', placeItems: 'center', textAlign: 'center' }}
            >
              No hooks-timed streams with more than one item here.
            </div>
          )}
        </ChartPanel>
        <ChartPanel
          title="Legacy ms per item"
          n={`n = ${formatCount(t.legacyCount)} legacy streams`}
          subtitle={subtitle}
          testId="panel-legacy"
          note={
            <span className="legacy-text">
              legacy: (end − first item) / items, Burr UI's throughput formula from timestamps, kept for
              comparability; includes consumer time.
            </span>
          }
        >
          {t.legacyCount > 0 ? (
            <HistogramChart
              histogram={t.legacyMsPerItem}
              color={colors.neutral}
              legacy
              format={formatMs}
              valueLabel="legacy ms/item"
              // The statistics cover every stream; a marker only matches this histogram when all are legacy.
              markers={d.counts.hooks === 0 ? legacyMarkers : undefined}
              height={190}
            />
          ) : (
            <div
              className="muted"
              style={{ height: 190, display: 'grid', placeItems: 'center', textAlign: 'center' }}
            >
              <span>
                No legacy streams here: every stream has hooks timing.
                <br />
                The same formula over all streams: p50 {formatMs(legacyStats?.p50)}, p90{' '}
                {formatMs(legacyStats?.p90)} (n = {formatCount(legacyStats?.count ?? 0)}).
              </span>
            </div>
          )}
        </ChartPanel>
      </div>

      <h2 className="section-title" style={{ marginTop: 16 }}>
        Breakdown
      </h2>
      <div className="grid two">
        <BreakdownTable
          title="By action"
          rows={d.byAction}
          onPick={(key) =>
            key !== null && setState((s) => ({ filter: cleanFilter({ ...s.filter, action: key }) }))
          }
          testId="by-action"
        />
        <BreakdownTable
          title="By partition key"
          rows={d.byPartition}
          onPick={(key) =>
            key !== null && setState((s) => ({ filter: cleanFilter({ ...s.filter, partitionKey: key }) }))
          }
          testId="by-partition"
        />
      </div>
      <StatsFootnote failed={d.counts.failed} />
    </div>
  );
}
