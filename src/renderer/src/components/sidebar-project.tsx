import { formatCount } from '../../../shared/format';
import type { ProjectSummary } from '../api/library-context';
import { useQuery } from '../api/use-query';
import { formatAgoShort, formatDateTime, middleEllipsis } from '../lib/format-time';
import { useAppSelection } from '../state/app-selection';

/** Apps listed under a project; the Runs view lists every app of a bigger project. */
const APPS_SHOWN = 100;

interface SidebarProjectProps {
  project: ProjectSummary;
  sourceId: number;
  expanded: boolean;
  search: string;
  selected: boolean;
  openRun: number | null;
  onToggle: () => void;
  onSelect: () => void;
  onOpenApp: (appRef: number) => void;
  onShowAllApps: () => void;
}

export function SidebarProject(props: SidebarProjectProps) {
  const { project, sourceId, expanded, search, selected, openRun } = props;
  const { selected: picked, toggle } = useAppSelection();
  const searching = search.trim() !== '';
  const nameMatches = searching && project.name.toLowerCase().includes(search.trim().toLowerCase());
  const showApps = expanded || (searching && !nameMatches);
  const apps = useQuery(
    'library:apps',
    {
      filter: {
        project: project.name,
        sourceId,
        app: searching && !nameMatches ? search.trim() : undefined,
      },
      limit: APPS_SHOWN,
      offset: 0,
    },
    showApps,
  );

  if (searching && !nameMatches && apps.data && apps.data.total === 0) return null;

  const failed = project.failedStreams;
  return (
    <div data-testid="sidebar-project" data-project={project.name}>
      <div
        className={selected ? 'tree-row project selected' : 'tree-row project'}
        onClick={props.onSelect}
        onKeyDown={(e) => {
          if (e.key === 'Enter') props.onSelect();
          if (e.key === 'ArrowRight' && !expanded) props.onToggle();
          if (e.key === 'ArrowLeft' && expanded) props.onToggle();
        }}
        role="treeitem"
        data-testid="sidebar-project-row"
        aria-expanded={showApps}
        aria-selected={selected}
        tabIndex={0}
        title={`${project.name}\n${formatCount(project.apps)} apps · ${formatCount(project.streams)} streams · ${formatCount(failed)} failed\nlast written ${formatDateTime(project.lastWrittenMs)}`}
      >
        <button
          type="button"
          className="twisty"
          aria-label={showApps ? 'Collapse' : 'Expand'}
          data-testid="sidebar-project-twisty"
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            props.onToggle();
          }}
        >
          {showApps ? '▾' : '▸'}
        </button>
        <span className="name">{project.name}</span>
        {failed > 0 ? (
          <span className="badge failed" title={`${formatCount(failed)} failed streams`}>
            {formatCount(failed)}
          </span>
        ) : null}
        <span className="meta" title="apps · streams">
          {formatCount(project.apps)} · {formatCount(project.streams)}
        </span>
      </div>
      {showApps ? (
        <div>
          {apps.data === undefined && apps.loading ? (
            <div className="tree-sub faint">Loading apps…</div>
          ) : null}
          {apps.error ? <div className="tree-sub failed-text">Could not list apps: {apps.error}</div> : null}
          {apps.data?.apps.map((a) => (
            <div
              key={a.appRef}
              className={openRun === a.appRef ? 'tree-row app selected' : 'tree-row app'}
              onClick={() => props.onOpenApp(a.appRef)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') props.onOpenApp(a.appRef);
              }}
              role="treeitem"
              aria-selected={openRun === a.appRef}
              tabIndex={0}
              data-testid="sidebar-app"
              data-app={a.appId}
              title={`${a.appId}${a.partitionKey ? `\npartition ${a.partitionKey}` : ''}\n${formatCount(a.steps)} steps · ${formatCount(a.streams)} streams${a.failedSteps > 0 ? ` · ${formatCount(a.failedSteps)} failed steps` : ''}\nlast written ${formatDateTime(a.lastWrittenMs)}`}
            >
              <input
                type="checkbox"
                aria-label={`Pick ${a.appId} for comparison`}
                checked={picked.has(a.appRef)}
                onClick={(e) => e.stopPropagation()}
                onChange={() => toggle(a.appRef, a.appId)}
              />
              <span className="name">{middleEllipsis(a.appId, 26)}</span>
              {a.failedSteps > 0 ? (
                <span className="failed-text" title="has failed steps">
                  ●
                </span>
              ) : null}
              <span className="meta">{formatAgoShort(a.lastWrittenMs)}</span>
            </div>
          ))}
          {apps.data && apps.data.total > apps.data.apps.length ? (
            <div className="tree-more">
              <button type="button" className="link-btn" onClick={props.onShowAllApps}>
                All {formatCount(apps.data.total)} apps…
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
