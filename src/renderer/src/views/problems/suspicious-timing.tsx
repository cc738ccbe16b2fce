import { useState } from 'react';
import { formatCount } from '../../../../shared/format';
import type { TimingFlagRow } from '../../../../shared/schemas/quality';
import { useQuery } from '../../api/use-query';
import { ErrorPanel } from '../../components/error-panel';
import { SkeletonLines } from '../../components/skeleton';

/** Apps listed per flag before "show all". */
const FIRST_APPS = 6;

function FlagApps({ row, onOpen }: { row: TimingFlagRow; onOpen: (appRef: number) => void }) {
  const [all, setAll] = useState(false);
  const apps = all ? row.apps : row.apps.slice(0, FIRST_APPS);
  const more = row.appsTotal - apps.length;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: '2px 10px' }}>
      {apps.map((a) => (
        <button
          type="button"
          key={a.appRef}
          className="link-btn mono"
          title={`${a.project}${a.partitionKey ? ` · ${a.partitionKey}` : ''} · ${a.appId}: steps ${a.sequenceIds.join(', ')}${a.count > a.sequenceIds.length ? ', …' : ''}. Open the run.`}
          onClick={() => onOpen(a.appRef)}
          data-testid="flag-app"
        >
          {a.appId} ({formatCount(a.count)})
        </button>
      ))}
      {more > 0 && !all && row.apps.length > apps.length ? (
        <button type="button" className="link-btn" onClick={() => setAll(true)}>
          {formatCount(more)} more
        </button>
      ) : more > 0 ? (
        <span className="faint">and {formatCount(more)} more apps</span>
      ) : null}
    </span>
  );
}

/**
 * Problems → Suspicious timing: streams whose numbers look wrong (clock skew, hooks that missed
 * calls, impossible durations), counted per flag and per app, each app one click from its run.
 */
export function SuspiciousTiming({
  sourceId,
  onOpen,
}: {
  sourceId: number | undefined;
  onOpen: (appRef: number) => void;
}) {
  const q = useQuery('problems:timing', { sourceId });
  const d = q.data;
  const flagged = d?.flags.filter((f) => f.count > 0) ?? [];
  const clean = d?.flags.filter((f) => f.count === 0) ?? [];
  return (
    <section
      className={`panel timing-flags${q.stale ? ' stale' : ''}`}
      style={{ marginTop: 12 }}
      data-testid="suspicious-timing"
    >
      <div className="panel-head">
        <h3>Suspicious timing</h3>
        <span className="n">
          {d
            ? `${formatCount(flagged.reduce((n, f) => n + f.count, 0))} flags on ${formatCount(d.streams)} streams`
            : ''}
        </span>
      </div>
      <div className="panel-note" style={{ paddingTop: 8 }}>
        Flagged streams stay in every statistic: a flag only points at numbers worth a second look. A stream
        may carry several flags.
      </div>
      {q.error ? <ErrorPanel title="Could not check timing" message={q.error} onRetry={q.reload} /> : null}
      {d === undefined && !q.error ? <SkeletonLines lines={3} /> : null}
      {d && flagged.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>flag</th>
              <th className="num">streams</th>
              <th>apps (streams flagged), click to open the run</th>
            </tr>
          </thead>
          <tbody>
            {flagged.map((f) => (
              <tr key={f.flag} data-testid="timing-flag-row" data-flag={f.flag}>
                <td style={{ maxWidth: 360 }}>
                  <div>{f.label}</div>
                  <div className="flag-desc">{f.description}</div>
                </td>
                <td className="num">{formatCount(f.count)}</td>
                <td>
                  <FlagApps row={f} onOpen={onOpen} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {d && clean.length > 0 ? (
        <div className="panel-note" style={{ padding: '8px 10px' }}>
          {flagged.length === 0 ? 'No stream has suspicious timing. ' : ''}
          <span className="faint">
            Checked, none found: {clean.map((f) => f.label.toLowerCase()).join('; ')}.
          </span>
        </div>
      ) : null}
    </section>
  );
}
