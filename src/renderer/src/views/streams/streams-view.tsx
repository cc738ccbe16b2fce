import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatCount } from '../../../../shared/format';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { useLibrary } from '../../api/library-context';
import { resolveAppRef } from '../../api/resolve-app';
import { ErrorPanel } from '../../components/error-panel';
import { NoSourcesState, NoStreamsState } from '../../components/no-data';
import { cleanFilter } from '../../state/app-state';
import { useAppState } from '../../state/use-app-state';
import { STREAM_COLUMNS, type StreamColumn } from './stream-columns';
import { ROW_PX, StreamRowView } from './stream-row-view';
import { useStreamPages } from './use-stream-pages';

const HEAD_PX = 28;
/**
 * Rows drawn beyond the visible ones on each side. The rows are rendered in the scroll event
 * itself (the virtualizer flushes synchronously), so a few cover a short scroll; every extra row is
 * ~18 cells to style, lay out and paint in each frame of a fast scroll (20 made those frames
 * 70-110 ms of main thread on a 1440x900 window).
 */
const OVERSCAN = 4;

export function StreamsView() {
  const api = useApi();
  const [state, setState] = useAppState();
  const { sources } = useLibrary();
  const filter = cleanFilter(state.filter);
  const { total, error, rowAt, ensure, retry } = useStreamPages(filter, state.sort);
  // With one project chosen its column would repeat the same name on every row.
  const oneProject = Boolean(filter.project);
  const columns = useMemo(
    () => (oneProject ? STREAM_COLUMNS.filter((c) => c.id !== 'project') : STREAM_COLUMNS),
    [oneProject],
  );
  const tableWidth = columns.reduce((w, c) => w + c.width, 0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [openError, setOpenError] = useState<string | null>(null);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: OVERSCAN,
    scrollMargin: HEAD_PX,
    scrollPaddingStart: HEAD_PX,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    ensure(firstIndex, lastIndex);
  }, [firstIndex, lastIndex, ensure]);

  // A new filter or sort starts at the top.
  const sortKey = JSON.stringify([filter, state.sort]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the selection or sort changes
  useEffect(() => {
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [sortKey]);

  const open = async (index: number): Promise<void> => {
    const row = rowAt(index);
    if (row === undefined) return;
    try {
      const ref = await resolveAppRef(api, row, filter.sourceId);
      if (ref === null)
        setOpenError(`The app ${row.app_id} is no longer in the library; reimport (Ctrl+R) and try again.`);
      else setState({ view: 'runs', run: ref });
    } catch (e) {
      setOpenError(errorText(e));
    }
  };

  // One callback for every row (rows are memoized), calling the open of this render.
  const openRef = useRef(open);
  openRef.current = open;
  const pick = useCallback((index: number) => {
    setActive(index);
    void openRef.current(index);
  }, []);

  const move = (to: number): void => {
    if (total === null || total === 0) return;
    const i = Math.max(0, Math.min(total - 1, to));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_PX) - 2);
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        move(active + 1);
        break;
      case 'ArrowUp':
        move(active - 1);
        break;
      case 'PageDown':
        move(active + page);
        break;
      case 'PageUp':
        move(active - page);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move((total ?? 1) - 1);
        break;
      case 'Enter':
        void open(active);
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  const sortBy = (col: StreamColumn): void => {
    if (!col.sort) return;
    const by = col.sort;
    setState(
      (s) => ({
        sort:
          s.sort.by === by
            ? { by, dir: s.sort.dir === 'asc' ? 'desc' : 'asc' }
            : { by, dir: col.firstDir ?? 'desc' },
      }),
      true,
    );
  };

  if (sources.data?.length === 0) return <NoSourcesState />;
  if (total === 0) return <NoStreamsState />;

  const sortedCol = STREAM_COLUMNS.find((c) => c.sort === state.sort.by);
  return (
    <div className="view fill" data-testid="streams-view">
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', marginBottom: 8, flexWrap: 'wrap' }}>
        <strong data-testid="streams-total">
          {total === null ? 'Loading streams…' : `n = ${formatCount(total)} streams`}
        </strong>
        <span className="muted">
          sorted by {sortedCol?.label ?? state.sort.by}{' '}
          {state.sort.dir === 'asc' ? 'ascending' : 'descending'} · ↑↓ to move, Enter or click to open the run
        </span>
        <span className="legend" style={{ marginLeft: 'auto' }}>
          <span className="item">
            <span className="swatch" style={{ background: 'var(--failed)' }} /> failed
          </span>
          <span className="item legacy-text">italic = legacy (from timestamps)</span>
        </span>
      </div>
      {error ? <ErrorPanel title="Could not load streams" message={error} onRetry={retry} /> : null}
      {openError ? (
        <ErrorPanel title="Could not open the run" message={openError} onRetry={() => setOpenError(null)} />
      ) : null}
      {/* biome-ignore lint/a11y: virtualized rows are absolutely positioned divs, which a <table> cannot be; ARIA grid roles describe them and the container owns the keyboard */}
      <div
        className="vtable"
        ref={scrollRef}
        tabIndex={0}
        onKeyDown={onKey}
        role="grid"
        aria-rowcount={total ?? 0}
        aria-label="Streams"
        data-testid="streams-table"
      >
        {/* biome-ignore lint/a11y: virtualized rows are absolutely positioned divs, which a <table> cannot be; ARIA grid roles describe them and the container owns the keyboard */}
        <div className="vhead" style={{ width: tableWidth, minWidth: '100%' }} role="row">
          {columns.map((c) => {
            const sorted = c.sort !== undefined && c.sort === state.sort.by;
            return (
              // biome-ignore lint/a11y: virtualized rows are absolutely positioned divs, which a <table> cannot be; ARIA grid roles describe them and the container owns the keyboard
              <button
                key={c.id}
                type="button"
                className={c.num ? 'num' : undefined}
                style={{ width: c.width, flex: 'none', cursor: c.sort ? 'pointer' : 'default' }}
                onClick={() => sortBy(c)}
                title={c.sort ? `${c.title}. Click to sort.` : c.title}
                aria-sort={sorted ? (state.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                role="columnheader"
                tabIndex={-1}
              >
                {c.label}
                {sorted ? (state.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            );
          })}
        </div>
        <div
          style={{
            height: virtualizer.getTotalSize(),
            width: tableWidth,
            minWidth: '100%',
            position: 'relative',
          }}
        >
          {items.map((item) => (
            <StreamRowView
              // Keyed by slot (index modulo the rows drawn), not by index: every scroll, even a
              // jump of thousands of rows, reuses the row elements and only changes their text,
              // instead of removing and building rows.
              key={item.index % items.length}
              index={item.index}
              row={rowAt(item.index)}
              active={item.index === active}
              columns={columns}
              top={item.start - HEAD_PX}
              onPick={pick}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
