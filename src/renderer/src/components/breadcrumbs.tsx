import { Fragment } from 'react';
import { useLibrary } from '../api/library-context';
import { useQuery } from '../api/use-query';
import { sourceLabel } from '../lib/format-time';
import { cleanFilter } from '../state/app-state';
import { useAppState } from '../state/use-app-state';

interface Crumb {
  id: string;
  label: string;
  title?: string;
  onClick?: () => void;
}

/** The current selection, widest first; each crumb narrows back to itself. */
export function Breadcrumbs() {
  const [state, setState] = useAppState();
  const { sourceName } = useLibrary();
  const f = state.filter;
  const runOpen = state.view === 'runs' && state.run !== null;
  const app = useQuery(
    'library:apps',
    { filter: { appRefs: [state.run ?? -1] }, limit: 1, offset: 0 },
    runOpen,
  );

  const crumbs: Crumb[] = [
    { id: 'all', label: 'All streams', onClick: () => setState({ filter: {}, run: null }) },
  ];
  if (f.sourceId !== undefined) {
    const loc = sourceName(f.sourceId) ?? `source #${f.sourceId}`;
    crumbs.push({
      id: 'source',
      label: sourceLabel(loc),
      title: loc,
      onClick: () => setState({ filter: { sourceId: f.sourceId }, run: null }),
    });
  }
  if (f.project) {
    crumbs.push({
      id: 'project',
      label: f.project,
      onClick: () =>
        setState({ filter: cleanFilter({ sourceId: f.sourceId, project: f.project }), run: null }),
    });
  }
  const narrowing: string[] = [];
  if (f.app) narrowing.push(`app ${f.app}`);
  if (f.appRefs) narrowing.push(`${f.appRefs.length} picked apps`);
  if (f.partitionKey !== undefined) narrowing.push(`partition ${f.partitionKey}`);
  if (f.action) narrowing.push(`action ${f.action}`);
  if (narrowing.length > 0)
    crumbs.push({ id: 'narrowing', label: narrowing.join(', '), onClick: () => setState({ run: null }) });
  if (runOpen) {
    const a = app.data?.apps[0];
    crumbs.push({
      id: 'app',
      label: a ? a.appId : `app #${state.run}`,
      title: a ? `${a.project} / ${a.appId}` : undefined,
    });
  }

  return (
    <nav className="crumbs" aria-label="Selection" data-testid="breadcrumbs">
      {crumbs.map((c, i) => {
        const last = i === crumbs.length - 1;
        return (
          <Fragment key={c.id}>
            {i > 0 ? <span className="sep">›</span> : null}
            {last ? (
              <span className="current" title={c.title ?? c.label}>
                {c.label}
              </span>
            ) : (
              <button type="button" onClick={c.onClick} title={c.title ?? c.label}>
                {c.label}
              </button>
            )}
          </Fragment>
        );
      })}
    </nav>
  );
}
