import { formatCount } from '../../../core/metrics/format';
import type { Source } from '../api/library-context';
import { useQuery } from '../api/use-query';
import { baseName, formatAgo, formatDateTime } from '../lib/format-time';
import { useImportJob } from '../state/import-job';
import { ProblemBadge } from './problem-badge';
import { SidebarProject } from './sidebar-project';

interface SidebarSourceProps {
  source: Source;
  search: string;
  expanded: ReadonlySet<string>;
  selectedProject: string | undefined;
  selectedSource: number | undefined;
  openRun: number | null;
  onToggle: (key: string) => void;
  onSelectSource: () => void;
  onSelectProject: (project: string) => void;
  onOpenApp: (project: string, appRef: number) => void;
  onShowAllApps: (project: string) => void;
  onShowProblems: () => void;
  onRemove: () => void;
}

export function SidebarSource(props: SidebarSourceProps) {
  const { source, search, expanded } = props;
  const key = `s${source.id}`;
  const open = !expanded.has(`${key}:closed`);
  const projects = useQuery(
    (api) => api['library:projects']({ sourceId: source.id }),
    ['projects', source.id],
  );
  const problems = source.quarantined + source.fileErrors;
  const { running } = useImportJob();

  return (
    <div data-testid="sidebar-source">
      <div
        className={
          props.selectedSource === source.id && !props.selectedProject
            ? 'tree-row source selected'
            : 'tree-row source'
        }
        onClick={props.onSelectSource}
        onKeyDown={(e) => {
          if (e.key === 'Enter') props.onSelectSource();
        }}
        role="treeitem"
        aria-expanded={open}
        aria-selected={props.selectedSource === source.id}
        tabIndex={0}
        title={`${source.location}\n${source.kind === 's3' ? 'S3 bucket' : 'folder'} · ${formatCount(source.files)} files · ${formatCount(source.apps)} apps\nlast import ${formatDateTime(source.lastImportAt ? Date.parse(source.lastImportAt) : null)}`}
      >
        <button
          type="button"
          className="twisty"
          aria-label={open ? 'Collapse' : 'Expand'}
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            props.onToggle(`${key}:closed`);
          }}
        >
          {open ? '▾' : '▸'}
        </button>
        <span className="name">{baseName(source.location)}</span>
        {problems > 0 ? (
          <button
            type="button"
            className="twisty"
            style={{ width: 'auto' }}
            title={`${formatCount(source.quarantined)} quarantined lines, ${formatCount(source.fileErrors)} file errors: show them`}
            onClick={(e) => {
              e.stopPropagation();
              props.onShowProblems();
            }}
          >
            <ProblemBadge count={problems} testId="source-problems" />
          </button>
        ) : null}
        <span className="meta">{formatCount(source.apps)} apps</span>
        <button
          type="button"
          className="twisty"
          title="Remove this folder from Stream Lens (the files stay on disk)"
          aria-label={`Remove ${source.location}`}
          onClick={(e) => {
            e.stopPropagation();
            props.onRemove();
          }}
        >
          ✕
        </button>
      </div>
      {open ? (
        <div>
          <div
            className="tree-sub faint"
            title={source.location}
            style={{ paddingLeft: 22, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          >
            {source.location} · imported{' '}
            {formatAgo(source.lastImportAt ? Date.parse(source.lastImportAt) : null)}
          </div>
          {projects.error ? (
            <div className="tree-sub failed-text">Could not list projects: {projects.error}</div>
          ) : null}
          {projects.data?.length === 0 ? (
            <div className="tree-sub faint">
              {running ? 'Importing…' : 'No Burr apps found in this folder yet.'}
            </div>
          ) : null}
          {/* Projects hide themselves when a search matches neither their name nor any of their apps. */}
          {projects.data?.map((p) => (
            <SidebarProject
              key={p.name}
              project={p}
              sourceId={source.id}
              search={search}
              expanded={expanded.has(`${key}/${p.name}`)}
              selected={props.selectedProject === p.name && (props.selectedSource ?? source.id) === source.id}
              openRun={props.openRun}
              onToggle={() => props.onToggle(`${key}/${p.name}`)}
              onSelect={() => props.onSelectProject(p.name)}
              onOpenApp={(ref) => props.onOpenApp(p.name, ref)}
              onShowAllApps={() => props.onShowAllApps(p.name)}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}
