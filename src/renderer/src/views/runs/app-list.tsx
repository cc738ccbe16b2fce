import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { formatCount } from '../../../../shared/format';
import { useQuery } from '../../api/use-query';
import { ErrorPanel } from '../../components/error-panel';
import { NoStreamsState } from '../../components/no-data';
import { SkeletonLines } from '../../components/skeleton';
import { formatAgo, formatDateTime } from '../../lib/format-time';
import { useAppSelection } from '../../state/app-selection';
import { cleanFilter } from '../../state/app-state';
import { groupsFromApps } from '../../state/compare-groups';
import { useAppState } from '../../state/use-app-state';

const PAGE = 500;
/** A row's height as drawn (one line of text, a checkbox); measured rows correct it. */
const ROW_PX = 30;

/** The apps of the current filter, to open one or pick several for comparison. */
export function AppList() {
  const [state, setState] = useAppState();
  const { selected, toggle, clear } = useAppSelection();
  const filter = cleanFilter(state.filter);
  const [limit, setLimit] = useState(PAGE);
  const [active, setActive] = useState(0);
  const tableRef = useRef<HTMLDivElement>(null);
  const q = useQuery('library:apps', { filter, limit, offset: 0 });
  const filterKey = JSON.stringify(filter);
  // Only the rows in view (and a margin) are in the DOM: laying out 500-5,000 table rows took
  // 100-200 ms of main thread each time the list was shown.
  const virtualizer = useVirtualizer({
    count: q.data?.apps.length ?? 0,
    getScrollElement: () => tableRef.current,
    estimateSize: () => ROW_PX,
    overscan: 15,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: start over when the selection changes
  useEffect(() => {
    setLimit(PAGE);
    setActive(0);
  }, [filterKey]);

  if (q.data === undefined) {
    return q.error ? (
      <ErrorPanel title="Could not list apps" message={q.error} onRetry={q.reload} />
    ) : (
      <SkeletonLines lines={10} />
    );
  }
  const apps = q.data.apps;
  if (q.data.total === 0) return <NoStreamsState what="apps" />;

  const items = virtualizer.getVirtualItems();
  const rows = items.flatMap((it) => {
    const a = apps[it.index];
    return a ? [{ a, i: it.index }] : [];
  });
  const padTop = items[0]?.start ?? 0;
  const padBottom = Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0));

  const open = (i: number): void => {
    const a = apps[i];
    if (a) setState({ run: a.appRef });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const go = (i: number): void => {
      e.preventDefault();
      const n = Math.max(0, Math.min(apps.length - 1, i));
      setActive(n);
      virtualizer.scrollToIndex(n, { align: 'auto' });
    };
    if (e.key === 'ArrowDown') go(active + 1);
    else if (e.key === 'ArrowUp') go(active - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(apps.length - 1);
    else if (e.key === 'Enter') {
      e.preventDefault();
      open(active);
    } else if (e.key === ' ') {
      e.preventDefault();
      const a = apps[active];
      if (a) toggle(a.appRef, a.appId);
    }
  };

  return (
    <div className={q.stale ? 'stale' : undefined} data-testid="app-list">
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', marginBottom: 8 }}>
        <strong>
          {formatCount(q.data.total)} app{q.data.total === 1 ? '' : 's'}
        </strong>
        <span className="muted">
          Pick one to see its steps and streams on a timeline · ↑↓ Enter · Space picks for compare
        </span>
        <span style={{ flex: 1 }} />
        {selected.size > 0 ? (
          <>
            <span className="muted">{formatCount(selected.size)} picked</span>
            <button
              type="button"
              className="btn small primary"
              disabled={selected.size < 2}
              onClick={() => setState({ view: 'compare', groups: groupsFromApps(selected) })}
            >
              Compare these runs
            </button>
            <button type="button" className="btn small ghost" onClick={clear}>
              Clear
            </button>
          </>
        ) : null}
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the scroll box owns arrow-key navigation of its rows, like a grid */}
      <div
        className="panel table-wrap"
        ref={tableRef}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so the arrow keys reach the rows
        tabIndex={0}
        onKeyDown={onKey}
        style={{ maxHeight: 'calc(100vh - 220px)' }}
      >
        <table className="table">
          <thead>
            <tr>
              <th style={{ width: 28 }} />
              <th>app id</th>
              <th>project</th>
              <th>partition</th>
              <th className="num">steps</th>
              <th className="num">streams</th>
              <th className="num">failed steps</th>
              <th>layout</th>
              <th className="num">last written</th>
            </tr>
          </thead>
          <tbody>
            {padTop > 0 ? <tr className="spacer" style={{ height: padTop }} /> : null}
            {rows.map(({ a, i }) => (
              <tr
                key={a.appRef}
                data-index={i}
                ref={virtualizer.measureElement}
                className={`clickable${i === active ? ' active' : ''}${a.failedSteps > 0 ? ' failed' : ''}`}
                onClick={() => {
                  setActive(i);
                  open(i);
                }}
                data-testid="app-row"
              >
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Pick ${a.appId} for comparison`}
                    checked={selected.has(a.appRef)}
                    onClick={(e) => e.stopPropagation()}
                    onChange={() => toggle(a.appRef, a.appId)}
                  />
                </td>
                <td className="mono">{a.appId}</td>
                <td>{a.project}</td>
                <td>{a.partitionKey ?? <span className="faint">–</span>}</td>
                <td className="num">{formatCount(a.steps)}</td>
                <td className="num">{formatCount(a.streams)}</td>
                <td className={a.failedSteps > 0 ? 'num failed-text' : 'num'}>
                  {formatCount(a.failedSteps)}
                </td>
                <td>{a.layout}</td>
                <td className="num" title={formatDateTime(a.lastWrittenMs)}>
                  {formatAgo(a.lastWrittenMs)}
                </td>
              </tr>
            ))}
            {padBottom > 0 ? <tr className="spacer" style={{ height: padBottom }} /> : null}
          </tbody>
        </table>
      </div>
      {q.data.total > apps.length ? (
        <div style={{ marginTop: 8 }}>
          <button
            type="button"
            className="btn small"
            onClick={() => setLimit((l) => Math.min(5000, l + PAGE))}
            disabled={limit >= 5000}
          >
            Show more ({formatCount(apps.length)} of {formatCount(q.data.total)})
          </button>
          {limit >= 5000 ? <span className="muted"> Narrow the filter to see the rest.</span> : null}
        </div>
      ) : null}
    </div>
  );
}
