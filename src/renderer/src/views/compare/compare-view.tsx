import { useMemo, useState } from 'react';
import { formatCount, formatMs } from '../../../../shared/format';
import { useLibrary } from '../../api/library-context';
import { useProjectSlo } from '../../api/use-project-slo';
import { useQuery } from '../../api/use-query';
import { CdfChart, type CdfSeries } from '../../charts/cdf-chart';
import { ChartPanel } from '../../charts/chart-panel';
import { GroupSplitChart } from '../../charts/group-split-chart';
import { GroupThroughputChart } from '../../charts/group-throughput-chart';
import { LegendSwatch } from '../../charts/legend-items';
import { EmptyState } from '../../components/empty-state';
import { ErrorPanel } from '../../components/error-panel';
import { NoSourcesState } from '../../components/no-data';
import { SkeletonBlock } from '../../components/skeleton';
import { StatsFootnote } from '../../components/stats-footnote';
import { cleanFilter } from '../../state/app-state';
import { useAppState } from '../../state/use-app-state';
import { groupColor, useThemeColors } from '../../theme/use-theme-colors';
import { CompareTable } from './compare-table';
import { GoodputPanel } from './goodput-panel';
import { GroupEditor } from './group-editor';
import { VerdictList } from './verdict-list';

/** More groups than this on one CDF axis is a tangle: draw small multiples instead (UI.md). */
const OVERLAY_MAX = 3;

export function CompareView() {
  const [state] = useAppState();
  const { sources } = useLibrary();
  const colors = useThemeColors();
  const groups = useMemo(
    () => state.groups.map((g) => ({ name: g.name, filter: cleanFilter(g.filter) })),
    [state.groups],
  );
  // Goodput against one project's SLOs: the first group's project unless the user picks another.
  const [pickedProject, setPickedProject] = useState<string | null | undefined>(undefined);
  const sloProject = pickedProject === undefined ? (groups[0]?.filter.project ?? null) : pickedProject;
  const { slo } = useProjectSlo(sloProject ?? undefined);
  const enough = groups.length >= 2;
  const ready = enough && slo !== undefined;
  const q = useQuery('compare:run', { groups, ...(slo ? { slo } : {}) }, ready);
  const comparison = q.data?.comparison ?? null;

  const data = enough ? q.data : undefined;
  // Memoized on the answer: a new array on every render (the answer drawn, then no longer stale)
  // made the CDF chart draw again with the same curves.
  const series = useMemo(
    (): CdfSeries[] =>
      (data?.groups ?? []).map((g, i) => ({
        name: g.name,
        color: groupColor(colors, i),
        points: g.ttftCdf,
        n:
          g.ttftCdf.length > 0
            ? (comparison?.metrics.find((m) => m.metric === 'ttft_ms')?.groups[i]?.stats.count ??
              g.streams - g.failed)
            : 0,
      })),
    [data, comparison, colors],
  );
  const domain = useMemo((): [number, number] | undefined => {
    const allX = series.flatMap((s) => s.points.map((p) => p.x));
    return allX.length > 0 ? [Math.min(...allX), Math.max(...allX)] : undefined;
  }, [series]);

  if (sources.data?.length === 0) return <NoSourcesState />;
  const subtitle = groups.map((g) => g.name).join(' vs ');
  const totalFailed = (data?.groups ?? []).reduce((n, g) => n + g.failed, 0);

  return (
    <div className="view" data-testid="compare-view">
      <GroupEditor />
      {groups.length < 2 ? (
        <EmptyState title="Pick at least two groups to compare" compact testId="compare-empty">
          Type an app glob such as <code>fast-model-*</code> and press Enter, add the current filter, or tick
          apps in the sidebar and choose “Compare these runs”. Each group is compared with the first one.
        </EmptyState>
      ) : null}
      {enough && q.error ? (
        <ErrorPanel
          title="Could not run the comparison"
          message={`${q.error} Check each group's filter, then retry.`}
          onRetry={q.reload}
        />
      ) : null}
      {enough && data === undefined && !q.error ? <SkeletonBlock height={320} /> : null}
      {enough && data !== undefined ? (
        <div className={q.stale ? 'stale' : undefined}>
          <div className="tiles" data-testid="compare-group-tiles">
            {data.groups.map((g, i) => (
              <div className="tile" key={g.name} style={{ borderTop: `3px solid ${groupColor(colors, i)}` }}>
                <div className="label" title={g.name}>
                  {g.name}
                  {i === 0 ? ' (baseline)' : ''}
                </div>
                <div className="value">{formatCount(g.streams)}</div>
                <div className="sub">
                  streams ·{' '}
                  <span className={g.failed > 0 ? 'failed-text' : undefined}>
                    {formatCount(g.failed)} failed
                  </span>
                </div>
              </div>
            ))}
          </div>
          {comparison ? <VerdictList comparison={comparison} /> : null}
          <GoodputPanel
            project={sloProject}
            onProject={setPickedProject}
            slo={slo}
            goodput={comparison?.goodput}
          />
          <div className="grid two" style={{ marginBottom: 12 }}>
            <ChartPanel
              title="TTFT distribution (CDF)"
              n={data.groups.map((g, i) => `${g.name}: n = ${series[i]?.n ?? 0}`).join(' · ')}
              subtitle={subtitle}
              testId="compare-cdf"
              legend={
                <span className="legend">
                  {series.map((s) => (
                    <LegendSwatch key={s.name} color={s.color} label={s.name} kind="line" />
                  ))}
                </span>
              }
            >
              {series.length <= OVERLAY_MAX ? (
                <CdfChart series={series} log={state.ttftLog} format={formatMs} height={260} />
              ) : (
                <div className="small-multiples">
                  {series.map((s, i) => (
                    <div key={s.name}>
                      <div className="muted" style={{ fontSize: 12, marginBottom: 2 }}>
                        {s.name}
                        {i > 0 ? <span className="faint"> vs {series[0]?.name} (grey)</span> : null}
                      </div>
                      <CdfChart
                        series={
                          i === 0 ? [s] : [{ ...(series[0] as CdfSeries), color: colors.neutralSoft }, s]
                        }
                        log={state.ttftLog}
                        format={formatMs}
                        height={160}
                        domain={domain}
                      />
                    </div>
                  ))}
                </div>
              )}
            </ChartPanel>
            <ChartPanel
              title="Generation vs consumer (p50)"
              n={`${data.groups.length} groups`}
              subtitle={subtitle}
              testId="compare-split-panel"
              legend={
                <span className="legend">
                  <LegendSwatch color={colors.gen} label="generation p50" />
                  <LegendSwatch color={colors.consumer} label="consumer p50" />
                </span>
              }
            >
              <GroupSplitChart groups={data.groups} />
            </ChartPanel>
            <ChartPanel
              title="Throughput (items/s)"
              n={data.groups.map((g) => `${g.name}: n = ${g.itemsPerS.count}`).join(' · ')}
              subtitle={subtitle}
              testId="compare-throughput-panel"
              legend={<span className="legend">solid: p50 · light: p90, in each group's colour</span>}
            >
              <GroupThroughputChart groups={data.groups} />
            </ChartPanel>
          </div>
          {comparison ? <CompareTable comparison={comparison} /> : null}
          <StatsFootnote failed={totalFailed}>
            {comparison?.notes.map((n) => (
              <p key={n}>{n.charAt(0).toUpperCase() + n.slice(1)}.</p>
            ))}
          </StatsFootnote>
        </div>
      ) : null}
    </div>
  );
}
