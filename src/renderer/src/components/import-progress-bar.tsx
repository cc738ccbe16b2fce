import { useEffect, useState } from 'react';
import { formatCount } from '../../../shared/format';
import { formatBytes } from '../lib/format-time';
import { type ImportProgress, type ImportSummary, isS3Progress, useImportJob } from '../state/import-job';

/** UI.md: progress for anything over half a second, so quick re-imports do not flash a bar. */
const SHOW_AFTER_MS = 500;
const SUMMARY_MS = 12_000;

function summaryText(s: ImportSummary): string {
  const parts = [
    `${formatCount(s.files_read)} of ${formatCount(s.files)} files read`,
    `${formatBytes(s.bytes)}`,
    `${formatCount(s.lines)} lines`,
    `${s.seconds.toFixed(1)} s`,
  ];
  if (s.quarantined > 0)
    parts.push(
      `${formatCount(s.quarantined)} ${s.quarantined === 1 ? 'line' : 'lines'} quarantined (see Problems)`,
    );
  if (s.file_errors > 0)
    parts.push(
      `${formatCount(s.file_errors)} ${s.file_errors === 1 ? 'file' : 'files'} could not be read (see Problems)`,
    );
  return parts.join(' · ');
}

/** Folder imports count files and bytes of a known total; S3 syncs count objects and downloaded bytes. */
function progressText(p: ImportProgress, s3: boolean, linesPerS: number): string {
  const lines = `${formatCount(p.lines)} lines · ${formatCount(linesPerS)} lines/s`;
  if (s3) {
    // While the bucket is being listed there is nothing to count yet: no row of zeros.
    const parts: string[] = [];
    if (p.filesTotal > 0) parts.push(`${formatCount(p.filesDone)}/${formatCount(p.filesTotal)} objects`);
    if (p.bytesDone > 0)
      parts.push(`${formatBytes(p.bytesDone)} downloaded`, `${formatBytes(p.bytesPerSecond)}/s`);
    if (p.lines > 0) parts.push(lines);
    return parts.join(' · ');
  }
  return `${formatCount(p.filesDone)}/${formatCount(p.filesTotal)} files · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} · ${formatBytes(p.bytesPerSecond)}/s · ${lines}`;
}

function runningLabel(p: ImportProgress | null, s3: boolean): string {
  if (s3) return p?.phase === 'scanning' ? 'Listing the bucket…' : 'Syncing S3';
  // Files are imported while the walk still finds more: say both, not just "scanning".
  return p?.phase === 'scanning' ? 'Importing, still finding files…' : 'Importing';
}

export function ImportProgressBar({ onShowProblems }: { onShowProblems: () => void }) {
  const { running, finished, cancel, dismiss } = useImportJob();
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (running === null) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [running]);

  useEffect(() => {
    if (finished === null || finished.error) return;
    const t = setTimeout(dismiss, SUMMARY_MS);
    return () => clearTimeout(t);
  }, [finished, dismiss]);

  if (running !== null) {
    if (now - running.startedAt < SHOW_AFTER_MS) return null;
    const p = running.progress;
    const s3 = isS3Progress(p) || running.s3 !== undefined;
    // An S3 sync lists as it goes, and a folder import reads while the walk still finds files: until the
    // total is known the bar stays indeterminate.
    const frac =
      p && p.phase !== 'scanning' && p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : null;
    const elapsed = p ? p.elapsedMs / 1000 : 0;
    const linesPerS = p && elapsed > 0 ? p.lines / elapsed : 0;
    return (
      <div
        className="progress"
        role="status"
        aria-live="polite"
        data-testid="import-progress"
        data-kind={s3 ? 's3' : 'folder'}
      >
        <strong>{runningLabel(p, s3)}</strong>
        <div className={frac === null ? 'bar indeterminate' : 'bar'}>
          <div style={frac === null ? undefined : { width: `${(frac * 100).toFixed(1)}%` }} />
        </div>
        {p ? <span className="num">{progressText(p, s3, linesPerS)}</span> : null}
        <span className="file" title={p?.currentFile ?? undefined}>
          {p ? placeText(p) : ''}
        </span>
        <button type="button" className="btn small" onClick={cancel} data-testid="import-cancel">
          Cancel
        </button>
      </div>
    );
  }

  if (finished === null) return null;
  if (finished.error) {
    return (
      <div className="progress error" role="alert" data-testid="import-error">
        <strong className="failed-text">{finished.s3 ? 'Sync failed' : 'Import failed'}</strong>
        <span style={{ flex: 1 }}>
          {/* S3 messages already say what to do (credentials, bucket, network) and to sync again. */}
          {finished.s3
            ? finished.error
            : `${finished.error} Check that the folder exists and is readable, then reimport (Ctrl+R).`}
        </span>
        <button type="button" className="btn small" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  const s = finished.summary;
  const problems = s ? s.quarantined + s.file_errors : 0;
  return (
    <div className="progress" role="status" data-testid="import-done">
      <strong>
        {finished.s3
          ? finished.cancelled
            ? 'Sync cancelled'
            : 'Sync finished'
          : finished.cancelled
            ? 'Import cancelled'
            : 'Import finished'}
      </strong>
      <span style={{ flex: 1 }} className="muted">
        {s ? summaryText(s) : ''}
        {finished.cancelled
          ? finished.s3
            ? ' · what was synced so far is kept; sync again to continue'
            : ' · what was read so far is kept; reimport to continue'
          : ''}
      </span>
      {problems > 0 ? (
        <button type="button" className="btn small" onClick={onShowProblems}>
          Show problems
        </button>
      ) : null}
      <button type="button" className="btn small ghost" onClick={dismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

/** The file being read, or for an S3 sync the place it is at and what it is doing there. */
function placeText(p: ImportProgress): string {
  if (p.origin.kind === 's3') return `${p.currentFile ?? p.origin.location} (${p.origin.phase})`;
  return p.currentFile ?? '';
}
