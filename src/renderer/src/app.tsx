import { Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from './api/api-context';
import type { MenuAction } from './api/host-api';
import { preloadDashboardCharts } from './charts/lazy-charts';
import { AddS3Dialog } from './components/add-s3-dialog';
import { Breadcrumbs } from './components/breadcrumbs';
import { ExportDialog } from './components/export-dialog';
import { FilterBar } from './components/filter-bar';
import { FolderDrop } from './components/folder-drop';
import { ImportProgressBar } from './components/import-progress-bar';
import { LoadErrorBoundary } from './components/load-error-boundary';
import { OpenFolderDialog } from './components/open-folder-dialog';
import { Sidebar } from './components/sidebar';
import { SkeletonLines } from './components/skeleton';
import { MOD_LABEL, ViewTabs } from './components/view-tabs';
import { lazyComponent } from './lib/lazy-component';
import { cleanFilter, VIEW_LABELS, type ViewName } from './state/app-state';
import { type Commands, CommandsContext } from './state/commands';
import { useImportJob } from './state/import-job';
import { useAppState } from './state/use-app-state';
import { useShortcuts } from './state/use-shortcuts';
import { DashboardView } from './views/dashboard/dashboard-view';

type Dialog = 'open-folder' | 'add-s3' | 'export' | null;

// The views other than the dashboard (the one a start shows) are chunks of their own: the page's
// first script stays small, and they are fetched once the start is over (preloadViews), so a switch
// rarely waits. One still loading keeps the current view on screen: the view is a deferred value,
// and React keeps showing what it showed while a deferred render waits for a chunk.
const StreamsView = lazyComponent(() => import('./views/streams/streams-view').then((m) => m.StreamsView));
const RunsView = lazyComponent(() => import('./views/runs/runs-view').then((m) => m.RunsView));
const CompareView = lazyComponent(() => import('./views/compare/compare-view').then((m) => m.CompareView));
const ProblemsView = lazyComponent(() =>
  import('./views/problems/problems-view').then((m) => m.ProblemsView),
);

/** After a start has drawn its dashboard, on a slow machine too. */
const VIEWS_PRELOAD_DELAY_MS = 4000;

function preloadViews(): void {
  // A failed preload is forgotten: the view's first render fetches again, and shows a failure then.
  for (const view of [StreamsView, RunsView, CompareView, ProblemsView]) view.preload().catch(() => {});
  preloadDashboardCharts(); // a start on another view (a shared link) has not asked for them
}

/** `run` once the page is idle (right away where there is no requestIdleCallback: Safari). */
function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  const idle = requestIdleCallback(run, { timeout: 2000 });
  return () => cancelIdleCallback(idle);
}

function CurrentView({ view }: { view: ViewName }) {
  switch (view) {
    case 'dashboard':
      return (
        <div className="view">
          <DashboardView />
        </div>
      );
    case 'streams':
      return <StreamsView />;
    case 'runs':
      return <RunsView />;
    case 'compare':
      return <CompareView />;
    case 'problems':
      return <ProblemsView />;
  }
}

export function App() {
  const api = useApi();
  const [state, setState] = useAppState();
  const job = useImportJob();
  const searchRef = useRef<HTMLInputElement>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const closeDialog = useCallback(() => setDialog(null), []);

  // The tabs follow a click at once; the view itself is drawn in a deferred render that React splits
  // into short slices, so opening a big view (a dashboard of 48,000 streams) never blocks input.
  const view = useDeferredValue(state.view);
  const showView = useCallback((v: ViewName) => setState({ view: v }), [setState]);
  const commands = useMemo<Commands>(
    () => ({
      openFolder: () => setDialog('open-folder'),
      addS3: () => setDialog('add-s3'),
      syncSource: (sourceId) =>
        void job.start(() => api['import:start']({ sourceIds: [sourceId] }), { sourceId }),
      reimport: () => void job.start(() => api['import:start']({})),
      openExport: () => setDialog('export'),
      focusSearch: () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      },
      compare: () =>
        setState((s) => ({
          view: 'compare',
          groups:
            s.groups.length > 0
              ? s.groups
              : [{ name: s.filter.project ?? 'current filter', filter: cleanFilter(s.filter) }],
        })),
    }),
    [api, job, setState],
  );
  useShortcuts(commands, showView);

  useEffect(() => {
    // Not at the first idle moment: that comes between the dashboard's charts taking their turns,
    // and evaluating the views' chunks there would delay the charts still to draw.
    let cancelIdle = () => {};
    const wait = setTimeout(() => {
      cancelIdle = whenIdle(preloadViews);
    }, VIEWS_PRELOAD_DELAY_MS);
    return () => {
      clearTimeout(wait);
      cancelIdle();
    };
  }, []);

  useEffect(() => {
    if (!api.onMenu) return;
    return api.onMenu((action: MenuAction) => {
      // Open Folder never arrives here: the main process shows the native dialog and starts the import.
      if (action === 'add-s3') commands.addS3();
      else if (action === 'reimport') commands.reimport();
      else if (action === 'export') commands.openExport();
      else if (action === 'find') commands.focusSearch();
      else if (action.startsWith('view:')) showView(action.slice(5) as ViewName);
    });
  }, [api, commands, showView]);

  return (
    <CommandsContext.Provider value={commands}>
      <div className="shell">
        <Sidebar searchRef={searchRef} />
        <main className="main">
          <div className="topbar">
            <Breadcrumbs />
            <span className="spacer" />
            <button
              type="button"
              className="btn"
              onClick={commands.compare}
              title="Compare groups of runs"
              data-testid="action-compare"
            >
              Compare
            </button>
            <button
              type="button"
              className="btn"
              onClick={commands.openExport}
              title={`Export the selection or comparison (${MOD_LABEL}E)`}
              data-testid="action-export"
            >
              Export
            </button>
            <button
              type="button"
              className="btn"
              onClick={commands.reimport}
              disabled={job.running !== null}
              title={`Read new log lines from every folder and sync every S3 bucket (${MOD_LABEL}R)`}
              data-testid="action-reimport"
            >
              Reimport
            </button>
          </div>
          {/* Problems belong to sources, not to a stream selection: the filters would only mislead there. */}
          {view === 'problems' ? null : <FilterBar />}
          <ViewTabs view={state.view} onChange={showView} />
          <ImportProgressBar onShowProblems={() => showView('problems')} />
          <div className="view-scroll" role="tabpanel" aria-label={view}>
            {/* Only a start on another view than the dashboard (a shared link) waits here. */}
            <LoadErrorBoundary what={`the ${VIEW_LABELS[view]} view`} className="view">
              <Suspense fallback={<SkeletonLines lines={8} />}>
                <CurrentView view={view} />
              </Suspense>
            </LoadErrorBoundary>
          </div>
        </main>
      </div>
      <FolderDrop onFolder={(path) => void job.start(() => api['sources:add']({ path }))} />
      {dialog === 'open-folder' ? (
        <OpenFolderDialog
          onClose={closeDialog}
          onSubmit={(path) => {
            setDialog(null);
            void job.start(() => api['sources:add']({ path }));
          }}
        />
      ) : null}
      {dialog === 'add-s3' ? (
        <AddS3Dialog
          onClose={closeDialog}
          onAdded={({ sourceId, jobId }) => {
            // It may answer after Cancel, when another dialog is open: close only this one.
            setDialog((d) => (d === 'add-s3' ? null : d));
            void job.start(() => Promise.resolve({ jobId }), { sourceId });
          }}
        />
      ) : null}
      {dialog === 'export' ? (
        <ExportDialog
          filter={state.filter}
          groups={state.groups}
          preferComparison={state.view === 'compare'}
          onClose={closeDialog}
        />
      ) : null}
    </CommandsContext.Provider>
  );
}
