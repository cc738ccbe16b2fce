import { type RefObject, useCallback, useState } from 'react';
import { formatCount } from '../../../shared/format';
import { useApi } from '../api/api-context';
import { errorText } from '../api/error-text';
import { useLibrary } from '../api/library-context';
import { useQuery } from '../api/use-query';
import { useAppSelection } from '../state/app-selection';
import { cleanFilter } from '../state/app-state';
import { useCommands } from '../state/commands';
import { groupsFromApps } from '../state/compare-groups';
import { useAppState } from '../state/use-app-state';
import { SidebarSource } from './sidebar-source';

export function Sidebar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const api = useApi();
  const { sources } = useLibrary();
  const commands = useCommands();
  const [state, setState] = useAppState();
  const { selected: picked, clear } = useAppSelection();
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [removeError, setRemoveError] = useState<string | null>(null);
  const multi = (sources.data?.length ?? 0) > 1;
  const info = useQuery('app:info', {});

  const toggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  const selectProject = (sourceId: number, project: string): void => {
    setState((s) => ({
      // A project's partitions and actions differ from another's: keep only the filters that carry over.
      filter: cleanFilter({
        sourceId: multi ? sourceId : undefined,
        project,
        from: s.filter.from,
        to: s.filter.to,
        timingSource: s.filter.timingSource,
        failed: s.filter.failed,
      }),
      run: null,
      view: s.view === 'compare' || s.view === 'problems' ? 'dashboard' : s.view,
    }));
    setExpanded((prev) => new Set(prev).add(`s${sourceId}/${project}`));
  };

  const remove = async (id: number, location: string, kind: 'folder' | 's3'): Promise<void> => {
    const ok = window.confirm(
      `Remove ${location} from Stream Lens?\n\nIts imported data is deleted from the Stream Lens database. ${
        kind === 's3' ? 'Nothing in the bucket is touched.' : 'The log files themselves are not touched.'
      }`,
    );
    if (!ok) return;
    try {
      await api['sources:remove']({ sourceId: id });
      setRemoveError(null);
      if (state.filter.sourceId === id) setState({ filter: {}, run: null });
      sources.reload();
    } catch (e) {
      setRemoveError(`Could not remove ${location}: ${errorText(e)}`);
    }
  };

  const pickedGroups = groupsFromApps(picked);
  return (
    <nav className="sidebar" aria-label="Library" data-testid="sidebar">
      <div className="sidebar-head">
        <span className="brand">Stream Lens</span>
        <button
          type="button"
          className="btn small"
          onClick={commands.openFolder}
          title="Add a folder of Burr tracker logs (Ctrl+O)"
          data-testid="add-folder"
        >
          + Folder
        </button>
        <button
          type="button"
          className="btn small"
          onClick={commands.addS3}
          title="Add an S3 bucket of Burr tracker logs (written by its S3TrackingClient); synced every 5 minutes"
          aria-label="+ S3 bucket…"
          data-testid="add-s3"
        >
          + S3
        </button>
      </div>
      <div className="sidebar-search">
        <input
          ref={searchRef}
          className="input"
          type="search"
          placeholder="Search apps and projects"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setSearch('');
          }}
          aria-label="Search projects and apps"
          title="Search projects and apps (Ctrl+F)"
          data-testid="sidebar-search"
        />
      </div>
      <div className="tree" role="tree">
        {sources.error ? (
          <div className="tree-sub failed-text">Could not list sources: {sources.error}</div>
        ) : null}
        {removeError ? <div className="tree-sub failed-text">{removeError}</div> : null}
        {sources.data?.length === 0 ? (
          <div className="tree-sub muted" style={{ paddingLeft: 12 }}>
            No sources yet. Add a folder that holds Burr tracker logs (e.g. <code>~/.burr</code>) or an S3
            bucket written by Burr's S3 tracker.
          </div>
        ) : null}
        <div
          className={
            state.filter.sourceId === undefined && !state.filter.project ? 'tree-row selected' : 'tree-row'
          }
          onClick={() => setState({ filter: {}, run: null })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setState({ filter: {}, run: null });
          }}
          role="treeitem"
          aria-selected={state.filter.sourceId === undefined && !state.filter.project}
          tabIndex={0}
          data-testid="sidebar-all"
        >
          <span className="twisty" />
          <span className="name">All streams</span>
        </div>
        {sources.data?.map((s) => (
          <SidebarSource
            key={s.id}
            source={s}
            search={search}
            expanded={expanded}
            selectedProject={state.filter.project}
            selectedSource={state.filter.sourceId}
            openRun={state.view === 'runs' ? state.run : null}
            onToggle={toggle}
            onSelectSource={() => setState({ filter: { sourceId: s.id }, run: null })}
            onSelectProject={(p) => selectProject(s.id, p)}
            onOpenApp={(p, ref) =>
              setState((st) => ({
                view: 'runs',
                run: ref,
                filter:
                  st.filter.project === p
                    ? st.filter
                    : cleanFilter({ sourceId: multi ? s.id : undefined, project: p }),
              }))
            }
            onShowAllApps={(p) =>
              setState({
                view: 'runs',
                run: null,
                filter: cleanFilter({ sourceId: multi ? s.id : undefined, project: p }),
              })
            }
            onShowProblems={() =>
              setState((st) => ({ view: 'problems', filter: { ...st.filter, sourceId: s.id } }))
            }
            onSync={() => commands.syncSource(s.id)}
            onRemove={() => void remove(s.id, s.location, s.kind)}
          />
        ))}
      </div>
      {picked.size > 0 ? (
        <div className="sidebar-foot" data-testid="sidebar-picked">
          <div>
            {formatCount(picked.size)} app{picked.size === 1 ? '' : 's'} picked
            {picked.size > 6 ? <span className="muted"> (the first 6 are compared)</span> : null}
          </div>
          <div className="row">
            <button
              type="button"
              className="btn small primary"
              disabled={picked.size < 2}
              title={picked.size < 2 ? 'Pick at least two apps' : 'Compare each picked app as its own group'}
              onClick={() => setState({ view: 'compare', groups: pickedGroups })}
              data-testid="compare-picked"
            >
              Compare these runs
            </button>
            <button type="button" className="btn small ghost" onClick={clear}>
              Clear
            </button>
          </div>
        </div>
      ) : null}
      {info.data ? (
        <div className="sidebar-info faint" title={`Database: ${info.data.databasePath}`}>
          v{info.data.version} · {info.data.host === 'serve' ? 'browser' : 'desktop'} ·{' '}
          {info.data.databasePath}
        </div>
      ) : null}
    </nav>
  );
}
