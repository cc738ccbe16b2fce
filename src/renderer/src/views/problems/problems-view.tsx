import { useState } from 'react';
import { formatCount } from '../../../../shared/format';
import { useApi, useHost } from '../../api/api-context';
import { useLibrary } from '../../api/library-context';
import { useQuery } from '../../api/use-query';
import { EmptyState } from '../../components/empty-state';
import { ErrorPanel } from '../../components/error-panel';
import { NoSourcesState } from '../../components/no-data';
import { SkeletonLines } from '../../components/skeleton';
import { formatIsoLocal, tailPath } from '../../lib/format-time';
import { cleanFilter } from '../../state/app-state';
import { useCommands } from '../../state/commands';
import { useAppState } from '../../state/use-app-state';
import { SuspiciousTiming } from './suspicious-timing';

function Excerpt({ text }: { text: string | null }) {
  const [open, setOpen] = useState(false);
  if (text === null || text === '') return <span className="faint">(empty)</span>;
  const long = text.length > 140;
  return (
    <div>
      <code
        style={{
          whiteSpace: open ? 'pre-wrap' : 'nowrap',
          wordBreak: 'break-all',
          display: 'block',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          maxWidth: open ? undefined : 520,
        }}
      >
        {open || !long ? text : `${text.slice(0, 140)}…`}
      </code>
      {long ? (
        <button type="button" className="link-btn" onClick={() => setOpen(!open)} style={{ fontSize: 11.5 }}>
          {open ? 'less' : 'more'}
        </button>
      ) : null}
    </div>
  );
}

/** Lines that could not be imported and files that could not be read, with where to look. */
export function ProblemsView() {
  const [state, setState] = useAppState();
  const api = useApi();
  // Only the desktop app can open the system's file manager.
  const host = useHost();
  const { sources, sourceName } = useLibrary();
  const { reimport } = useCommands();
  const sourceId = state.filter.sourceId;
  const q = useQuery('problems:list', { sourceId, limit: 500 });

  if (sources.data?.length === 0) return <NoSourcesState />;
  const d = q.data;
  const none = d && d.quarantineTotal === 0 && d.notices.length === 0 && d.fileErrors.length === 0;

  return (
    <div className="view" data-testid="problems-view">
      <div style={{ display: 'flex', gap: 10, alignItems: 'center', marginBottom: 10, flexWrap: 'wrap' }}>
        <select
          className="select"
          value={sourceId ?? ''}
          onChange={(e) =>
            setState(
              (s) => ({
                filter: cleanFilter({
                  ...s.filter,
                  sourceId: e.target.value === '' ? undefined : Number(e.target.value),
                }),
              }),
              true,
            )
          }
          aria-label="Source"
        >
          <option value="">All sources</option>
          {sources.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.location} ({formatCount(s.quarantined + s.fileErrors)})
            </option>
          ))}
        </select>
        <span className="muted">
          Bad lines are set aside (quarantined) and never stop an import. Fix the file or the writer, then
          reimport.
        </span>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn small" onClick={reimport}>
          Reimport
        </button>
      </div>
      {q.error ? <ErrorPanel title="Could not list problems" message={q.error} onRetry={q.reload} /> : null}
      {d === undefined && !q.error ? <SkeletonLines lines={8} /> : null}
      {none ? (
        <EmptyState title="No problems" compact testId="no-problems">
          Every line of every file
          {sourceId !== undefined ? ` in ${sourceName(sourceId) ?? 'this source'}` : ''} was read.
        </EmptyState>
      ) : null}
      {d && !none ? (
        <div className={q.stale ? 'stale' : undefined}>
          {d.fileErrors.length > 0 ? (
            <section className="panel" style={{ marginBottom: 12 }} data-testid="file-errors">
              <div className="panel-head">
                <h3>Files that could not be read</h3>
                <span className="n">{formatCount(d.fileErrors.length)}</span>
              </div>
              <table className="table">
                <thead>
                  <tr>
                    <th>file</th>
                    <th>error</th>
                  </tr>
                </thead>
                <tbody>
                  {d.fileErrors.map((f) => (
                    <tr key={f.path}>
                      <td className="mono" title={f.path}>
                        {f.path}
                      </td>
                      <td>{f.error}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
          {d.notices.length > 0 ? (
            <section className="panel" style={{ marginBottom: 12 }} data-testid="notices">
              <div className="panel-head">
                <h3>Notices</h3>
                <span className="n">{formatCount(d.notices.length)}</span>
              </div>
              <table className="table">
                <thead>
                  <tr>
                    <th>level</th>
                    <th>file</th>
                    <th>message</th>
                    <th className="num">when</th>
                  </tr>
                </thead>
                <tbody>
                  {d.notices.map((n) => (
                    <tr key={n.id}>
                      <td>
                        <span className={n.level === 'error' ? 'badge problem' : 'badge'}>{n.level}</span>
                      </td>
                      <td className="mono" title={n.path} style={{ whiteSpace: 'nowrap' }}>
                        {tailPath(n.path)}
                      </td>
                      <td>{n.message}</td>
                      <td className="num">{formatIsoLocal(n.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
          <section className="panel" data-testid="quarantine">
            <div className="panel-head">
              <h3>Quarantined lines</h3>
              <span className="n">
                {d.quarantine.length < d.quarantineTotal
                  ? `${formatCount(d.quarantine.length)} of ${formatCount(d.quarantineTotal)} shown`
                  : `n = ${formatCount(d.quarantineTotal)}`}
              </span>
            </div>
            {d.quarantineTotal === 0 ? (
              <div className="panel-note" style={{ paddingTop: 8 }}>
                No quarantined lines.
              </div>
            ) : (
              <div className="table-wrap" style={{ maxHeight: 'calc(100vh - 260px)' }}>
                <table className="table">
                  <thead>
                    <tr>
                      <th>file</th>
                      <th className="num">line</th>
                      <th>reason</th>
                      <th>excerpt</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.quarantine.map((r) => (
                      <tr key={r.id} data-testid="quarantine-row">
                        <td className="mono" title={r.path} style={{ whiteSpace: 'nowrap' }}>
                          {tailPath(r.path)}
                          {host === 'electron' ? (
                            <button
                              type="button"
                              className="btn ghost icon"
                              title="Show this file in the file manager"
                              aria-label={`Show ${r.path} in folder`}
                              onClick={() =>
                                void api['shell:show-in-folder']({ fileRef: r.fileRef }).catch(
                                  () => undefined,
                                )
                              }
                            >
                              ↗
                            </button>
                          ) : null}
                        </td>
                        <td className="num" title={`byte ${r.byteOffset}, ${r.byteLength} bytes`}>
                          {formatCount(r.lineNo)}
                        </td>
                        <td style={{ maxWidth: 320 }}>
                          {r.reason}
                          {r.imported ? <span className="faint"> · imported anyway</span> : null}
                        </td>
                        <td>
                          <Excerpt text={r.excerpt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      ) : null}
      <SuspiciousTiming sourceId={sourceId} onOpen={(appRef) => setState({ view: 'runs', run: appRef })} />
    </div>
  );
}
