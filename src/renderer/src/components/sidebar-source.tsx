import { useState } from 'react';
import { formatCount } from '../../../shared/format';
import { useApi, useHost } from '../api/api-context';
import { type Source, useLibrary } from '../api/library-context';
import { useQuery } from '../api/use-query';
import { formatAgo, formatDateTime, sourceLabel } from '../lib/format-time';
import { isSyncOf, useImportJob } from '../state/import-job';
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
  /** S3 sources: sync now (import:start with this source). */
  onSync: () => void;
  onRemove: () => void;
}

export function SidebarSource(props: SidebarSourceProps) {
  const { source, search, expanded } = props;
  const key = `s${source.id}`;
  const open = !expanded.has(`${key}:closed`);
  const projects = useQuery('library:projects', { sourceId: source.id });
  const problems = source.quarantined + source.fileErrors;
  const { running, s3Failures } = useImportJob();
  const { sources } = useLibrary();
  const s3 = source.kind === 's3';
  const s3Locations = (sources.data ?? []).filter((s) => s.kind === 's3').map((s) => s.location);
  // Started here ("Sync now"), or reported at this source's s3:// location (the 5-minute sync).
  const syncing = s3 && isSyncOf(running?.s3, source, s3Locations);
  const failure = s3 ? s3Failures.find((f) => isSyncOf(f, source, s3Locations)) : undefined;
  const lastImportMs = source.lastImportAt ? Date.parse(source.lastImportAt) : null;
  const [showFailure, setShowFailure] = useState(false);
  // Only the desktop app can open the system's file manager (app:info canShowInFolder).
  const host = useHost();
  const api = useApi();

  return (
    <div data-testid="sidebar-source" data-kind={source.kind} data-location={source.location}>
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
        title={`${source.location}\n${s3 ? 'S3 bucket' : 'folder'} · ${formatCount(source.files)} ${s3 ? 'objects' : 'files'} · ${formatCount(source.apps)} apps\nlast ${s3 ? 'sync' : 'import'} ${formatDateTime(lastImportMs)}`}
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
        {s3 ? (
          <span className="badge kind" data-testid="source-s3-badge">
            S3
          </span>
        ) : null}
        <span className="name">{sourceLabel(source.location)}</span>
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
        {!s3 && host === 'electron' ? (
          <button
            type="button"
            className="twisty"
            title="Show this folder in the file manager"
            aria-label={`Show ${source.location} in folder`}
            onClick={(e) => {
              e.stopPropagation();
              void api['shell:show-in-folder']({ sourceId: source.id }).catch(() => undefined);
            }}
            data-testid="source-show-in-folder"
          >
            ↗
          </button>
        ) : null}
        <button
          type="button"
          className="twisty"
          title={
            s3
              ? 'Remove this bucket from Stream Lens (nothing in the bucket is touched)'
              : 'Remove this folder from Stream Lens (the files stay on disk)'
          }
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
          {s3 ? (
            <div className="tree-sub source-sub">
              <div className="faint ellipsis" title={source.location} data-testid="source-location">
                {source.location}
              </div>
              <div className="source-sync">
                {failure && !syncing ? (
                  <button
                    type="button"
                    className="link-btn failed-text"
                    aria-expanded={showFailure}
                    title={`${failure.message}\n\nLast good sync: ${formatDateTime(lastImportMs)}.`}
                    onClick={() => setShowFailure((v) => !v)}
                    data-testid="source-sync-failed"
                  >
                    sync failed {formatAgo(failure.at)}
                  </button>
                ) : (
                  <span
                    className="faint"
                    title={`Last sync: ${formatDateTime(lastImportMs)}. Synced again every 5 minutes.`}
                    data-testid="source-last-sync"
                  >
                    {lastImportMs === null ? 'not synced yet' : `synced ${formatAgo(lastImportMs)}`}
                  </span>
                )}
                <button
                  type="button"
                  className="link-btn sync-now"
                  onClick={props.onSync}
                  disabled={syncing}
                  title={`Download what is new in ${source.location} and import it now`}
                  aria-label={syncing ? `Syncing ${source.location}` : `Sync now: ${source.location}`}
                  data-testid="source-sync"
                >
                  {syncing ? 'Syncing…' : 'Sync now'}
                </button>
              </div>
              {failure && !syncing && showFailure ? (
                <div className="failed-text source-error" data-testid="source-sync-error">
                  {failure.message}
                </div>
              ) : null}
            </div>
          ) : (
            <div
              className="tree-sub faint"
              title={source.location}
              style={{ paddingLeft: 22, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            >
              {source.location} · imported {formatAgo(lastImportMs)}
            </div>
          )}
          {projects.error ? (
            <div className="tree-sub failed-text">Could not list projects: {projects.error}</div>
          ) : null}
          {projects.data?.length === 0 ? (
            <div className="tree-sub faint">
              {s3
                ? syncing
                  ? 'Projects appear as the sync imports them.'
                  : 'No Burr apps found under this prefix yet.'
                : running
                  ? 'Importing…'
                  : 'No Burr apps found in this folder yet.'}
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
