import { useMemo } from 'react';
import {
  formatCount,
  formatMs,
  formatRate,
  formatShare,
  percentileRankLabel,
} from '../../../../shared/format';
import type { PercentileRankAnswer } from '../../../../shared/schemas/quality';
import { useLibrary } from '../../api/library-context';
import { useQuery } from '../../api/use-query';
import { LegendSwatch } from '../../charts/legend-items';
import { CopyButton } from '../../components/copy-button';
import { ErrorPanel } from '../../components/error-panel';
import { SkeletonLines } from '../../components/skeleton';
import { formatDateTime, formatIsoLocal } from '../../lib/format-time';
import { useAppSelection } from '../../state/app-selection';
import { cleanFilter } from '../../state/app-state';
import { describeFilter } from '../../state/filter-summary';
import { useAppState } from '../../state/use-app-state';
import { useThemeColors } from '../../theme/use-theme-colors';
import { RunTimeline } from './run-timeline';
import { buildTimeline } from './timeline-model';

function rankText(rank: PercentileRankAnswer | null | undefined): string {
  return rank ? percentileRankLabel(rank) : '–';
}

export function RunDetail({ appRef }: { appRef: number }) {
  const [state, setState] = useAppState();
  const rankFilter = cleanFilter(state.filter);
  const colors = useThemeColors();
  const { selected, toggle } = useAppSelection();
  const { sourceName } = useLibrary();
  const q = useQuery('runs:get', { appRef });
  const model = useMemo(() => (q.data ? buildTimeline(q.data) : null), [q.data]);
  // Each stream's TTFT rank within the current filter's selection (the run may lie outside it).
  const ranksQ = useQuery('streams:query', {
    filter: { appRefs: [appRef] },
    sort: { by: 'stream_start', dir: 'asc' },
    limit: 5000,
    rankWithin: rankFilter,
  });
  const ranks = useMemo(() => {
    const m = new Map<number, PercentileRankAnswer | null>();
    const d = ranksQ.data;
    if (d) for (const [i, r] of d.rows.entries()) m.set(r.stream_id, d.ttftRanks[i] ?? null);
    return m;
  }, [ranksQ.data]);

  if (q.data === undefined || model === null) {
    return q.error ? (
      <ErrorPanel
        title="Could not open this run"
        message={q.error}
        onRetry={q.reload}
        actions={
          <button type="button" className="btn small" onClick={() => setState({ run: null })}>
            ← All apps of this selection
          </button>
        }
      />
    ) : (
      <SkeletonLines lines={12} />
    );
  }
  const { app, streams } = q.data;
  const failedStreams = streams.filter((s) => s.failed).length;
  const failedSteps = q.data.steps.filter((s) => s.failed).length;

  return (
    <div className={q.stale ? 'stale' : undefined} data-testid="run-detail">
      <div className="run-head">
        <button
          type="button"
          className="btn small ghost"
          onClick={() => setState({ run: null })}
          title="Back to the list of apps"
        >
          ← Apps
        </button>
        <h1 data-testid="run-app-id">{app.appId}</h1>
        <CopyButton value={app.appId} what="app id" />
        <span className="muted">{app.project}</span>
        {app.partitionKey ? (
          <>
            <span className="badge">partition {app.partitionKey}</span>
            <CopyButton value={app.partitionKey} what="partition key" />
          </>
        ) : null}
        {failedSteps > 0 ? (
          <span className="badge failed">{formatCount(failedSteps)} failed steps</span>
        ) : null}
        <span style={{ flex: 1 }} />
        <label className="field" title="Pick this app for “Compare these runs” (sidebar)">
          <input
            type="checkbox"
            checked={selected.has(app.appRef)}
            onChange={() => toggle(app.appRef, app.appId)}
          />
          pick for compare
        </label>
      </div>
      <div className="grid two" style={{ marginBottom: 12 }}>
        <dl className="kv">
          <dt>steps · streams</dt>
          <dd>
            {formatCount(app.steps)} steps · {formatCount(app.streams)} streams
            {failedStreams > 0 ? (
              <span className="failed-text"> · {formatCount(failedStreams)} failed</span>
            ) : null}
          </dd>
          <dt>layout</dt>
          <dd>{app.layout === 's3' ? 'S3 tracker tree' : 'local tracker'}</dd>
          <dt>last written</dt>
          <dd>{formatDateTime(app.lastWrittenMs)}</dd>
        </dl>
        <dl className="kv">
          <dt>graph</dt>
          <dd>
            {app.graph
              ? `entry ${app.graph.entrypoint ?? '–'} · ${app.graph.actions.length} actions: ${app.graph.actions.join(', ')}`
              : 'no graph.json'}
          </dd>
          {app.parentPointer ? (
            <>
              <dt>forked from</dt>
              <dd className="mono">{app.parentPointer}</dd>
            </>
          ) : null}
          {app.spawningParentPointer ? (
            <>
              <dt>spawned by</dt>
              <dd className="mono">{app.spawningParentPointer}</dd>
            </>
          ) : null}
        </dl>
      </div>

      <section className="panel">
        <div className="panel-head">
          <h3>Timeline</h3>
          <span className="n">
            {formatCount(q.data.steps.length)} steps · {formatCount(q.data.spans.length)} spans ·{' '}
            {formatCount(streams.length)} streams
          </span>
          <span className="spacer" />
          <span className="legend">
            <LegendSwatch color={colors.neutral} label="step" />
            <LegendSwatch color={colors.failed} label="failed step" />
            <LegendSwatch color={colors.neutralSoft} label="span" />
            <LegendSwatch color={colors.gen} label="generation" />
            <LegendSwatch color={colors.consumer} label="consumer" />
            <LegendSwatch color={colors.ttft} label="TTFT" kind="line" />
            <LegendSwatch color={colors.neutralSoft} label="legacy stream" hatched />
          </span>
        </div>
        <div className="panel-body" style={{ padding: 0 }}>
          {q.data.steps.length === 0 ? (
            <div className="panel-note" style={{ padding: 12 }}>
              This app has no steps yet. If it is still running, its log is read again on the next import
              (Ctrl+R).
            </div>
          ) : (
            <RunTimeline model={model} />
          )}
        </div>
        <div className="panel-note" style={{ paddingTop: 8 }}>
          Steps are placed by their start times (the writer's local clock). Stream bars start at their step's
          start: stream times are UTC and are not placed against local times. Generation and consumer are
          totals drawn end to end (they interleave while streaming); the violet mark is TTFT. Click a step for
          attributes, the exception and the raw log lines.
          {model.approximate ? ' Some steps have no start time and are drawn end to end.' : ''}
        </div>
        {q.data.traceProblems.map((problem) => (
          <div key={problem} className="panel-note failed-text" role="alert" style={{ paddingTop: 4 }}>
            Spans and attributes missing: {problem}
          </div>
        ))}
      </section>

      {streams.length > 0 ? (
        <section className="panel" style={{ marginTop: 12 }}>
          <div className="panel-head">
            <h3>Streams in this run</h3>
            <span className="n">n = {formatCount(streams.length)}</span>
          </div>
          <div className="table-wrap">
            <table className="table" data-testid="run-streams">
              <thead>
                <tr>
                  <th>step</th>
                  <th>action</th>
                  <th>stream start</th>
                  <th className="num">TTFT</th>
                  <th
                    className="num"
                    title={`TTFT percentile rank within the current selection (${describeFilter(rankFilter, sourceName)}); failed streams are not ranked`}
                  >
                    TTFT rank
                  </th>
                  <th className="num">generation</th>
                  <th className="num">consumer</th>
                  <th className="num">gen share</th>
                  <th className="num">stream</th>
                  <th className="num">items</th>
                  <th className="num">items/s</th>
                  <th className="num">inter-item</th>
                  <th>timing</th>
                </tr>
              </thead>
              <tbody>
                {streams.map((r) => {
                  const legacy = r.timing_source === 'legacy';
                  return (
                    <tr key={r.stream_id} className={r.failed ? 'failed' : undefined}>
                      <td className="num">#{r.sequence_id}</td>
                      <td>
                        {r.action ?? '–'}
                        {r.failed ? <span className="failed-text"> · failed</span> : null}
                      </td>
                      <td className="num">{formatIsoLocal(r.stream_start)}</td>
                      <td className={legacy ? 'num legacy' : 'num ttft'}>{formatMs(r.ttft_ms)}</td>
                      <td className="num rank" data-testid="run-ttft-rank">
                        {rankText(ranks.get(r.stream_id))}
                      </td>
                      <td className="num gen">{formatMs(r.generation_ms)}</td>
                      <td className="num consumer">{formatMs(r.consumer_ms)}</td>
                      <td className="num">{formatShare(r.gen_share)}</td>
                      <td className="num">{formatMs(r.stream_ms)}</td>
                      <td className="num">{formatCount(r.items)}</td>
                      <td className={legacy ? 'num legacy' : 'num'}>{formatRate(r.items_per_s)}</td>
                      <td className={legacy ? 'num legacy' : 'num'}>{formatMs(r.inter_item_ms)}</td>
                      <td className={legacy ? 'legacy' : undefined}>{r.timing_source}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <div className="footnote">
        <p>
          Step times are shown as written: the naive local time of the machine that ran the app. Stream start
          times are UTC, shown in your local time.
        </p>
      </div>
    </div>
  );
}
