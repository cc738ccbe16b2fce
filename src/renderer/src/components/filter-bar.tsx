import { useEffect, useState } from 'react';
import type { StreamFilter } from '../../../shared/filter';
import { useLibrary } from '../api/library-context';
import { useQuery } from '../api/use-query';
import { cleanFilter, isEmptyFilter } from '../state/app-state';
import { useAppState } from '../state/use-app-state';
import { TimeRangePicker } from './time-range-picker';

/** Typing in the app box updates the views after a pause, not per keystroke. */
const TYPE_DEBOUNCE_MS = 350;

export function FilterBar() {
  const [state, setState] = useAppState();
  const f = state.filter;
  const { projects } = useLibrary();
  const options = useQuery('filters:options', { project: f.project });
  const [appText, setAppText] = useState(f.app ?? '');

  // Follow outside changes (back button, a breadcrumb) without fighting the user's typing.
  useEffect(() => setAppText(f.app ?? ''), [f.app]);

  useEffect(() => {
    if ((appText.trim() || undefined) === (f.app || undefined)) return;
    const t = setTimeout(
      () => setState((s) => ({ filter: cleanFilter({ ...s.filter, app: appText }) }), true),
      TYPE_DEBOUNCE_MS,
    );
    return () => clearTimeout(t);
  }, [appText, f.app, setState]);

  const set = (patch: Partial<StreamFilter>): void =>
    setState((s) => ({ filter: cleanFilter({ ...s.filter, ...patch }) }), true);

  const projectNames = [...new Set((projects.data ?? []).map((p) => p.name))].sort();
  const o = options.data;

  return (
    <search className="filterbar" aria-label="Filters" data-testid="filter-bar">
      <select
        className={f.project ? 'select active' : 'select'}
        value={f.project ?? ''}
        onChange={(e) =>
          setState((s) => ({
            filter: cleanFilter({
              ...s.filter,
              project: e.target.value || undefined,
              partitionKey: undefined,
              action: undefined,
            }),
            run: null,
          }))
        }
        aria-label="Project"
        data-testid="filter-project"
      >
        <option value="">All projects</option>
        {projectNames.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <select
        className={f.partitionKey !== undefined ? 'select active' : 'select'}
        value={f.partitionKey ?? ''}
        onChange={(e) => set({ partitionKey: e.target.value || undefined })}
        aria-label="Partition key"
        disabled={!o || o.partitionKeys.length === 0}
        title={o && o.partitionKeys.length === 0 ? 'No partition keys in this selection' : undefined}
      >
        <option value="">All partitions</option>
        {o?.partitionKeys.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <select
        className={f.action ? 'select active' : 'select'}
        value={f.action ?? ''}
        onChange={(e) => set({ action: e.target.value || undefined })}
        aria-label="Action"
        data-testid="filter-action"
      >
        <option value="">All actions</option>
        {o?.actions.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <input
        className={f.app ? 'input app-input active' : 'input app-input'}
        type="search"
        placeholder="App id or glob, e.g. fast-model-*"
        value={appText}
        onChange={(e) => setAppText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') set({ app: appText });
        }}
        aria-label="App id search or glob"
        data-testid="filter-app"
        spellCheck={false}
      />
      <TimeRangePicker
        from={f.from}
        to={f.to}
        dataFirstMs={o?.firstStreamMs ?? null}
        dataLastMs={o?.lastStreamMs ?? null}
        onChange={(from, to) => set({ from, to })}
      />
      <select
        className={f.timingSource ? 'select active' : 'select'}
        value={f.timingSource ?? ''}
        onChange={(e) => {
          const v = e.target.value;
          set({ timingSource: v === 'hooks' || v === 'legacy' ? v : undefined });
        }}
        aria-label="Timing source"
        title="hooks: timing fields written by newer Burr; legacy: derived from timestamps"
        data-testid="filter-timing"
      >
        <option value="">Timing: hooks + legacy</option>
        <option value="hooks">Timing: hooks only</option>
        <option value="legacy">Timing: legacy only</option>
      </select>
      <select
        className={f.failed ? 'select active' : 'select'}
        value={f.failed ?? 'any'}
        onChange={(e) => {
          const v = e.target.value;
          set({ failed: v === 'only' || v === 'none' ? v : undefined });
        }}
        aria-label="Failed streams"
        title="Which streams to list. Statistics always exclude failed streams and count them apart."
        data-testid="filter-failed"
      >
        <option value="any">Failed: listed</option>
        <option value="only">Failed only</option>
        <option value="none">Failed hidden</option>
      </select>
      {!isEmptyFilter(f) ? (
        <button
          type="button"
          className="btn small ghost"
          onClick={() => setState({ filter: {}, run: null })}
          data-testid="filter-reset"
        >
          Reset
        </button>
      ) : null}
    </search>
  );
}
