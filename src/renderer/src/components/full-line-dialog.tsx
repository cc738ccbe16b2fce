import { useMemo, useState } from 'react';
import type { RequestOf } from '../../../shared/contract';
import { useQuery } from '../api/use-query';
import { ErrorPanel } from './error-panel';
import { Modal } from './modal';
import { SkeletonLines } from './skeleton';

export type LineRef = RequestOf<'events:read'>;

/** Above this, pretty-printing would freeze the window (end_entry state can be MBs). */
const PRETTY_LIMIT = 2 * 1024 * 1024;
const SHOW_LIMIT = 4 * 1024 * 1024;

function pretty(text: string): { text: string; note: string | null } {
  if (text.length > PRETTY_LIMIT)
    return { text: text.slice(0, SHOW_LIMIT), note: 'Shown as written: too large to format.' };
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), note: null };
  } catch {
    return { text, note: 'Not valid JSON as read; shown as written.' };
  }
}

function FullLineDialog({
  lineRef,
  title,
  onClose,
}: {
  lineRef: LineRef;
  title: string;
  onClose: () => void;
}) {
  const q = useQuery('events:read', lineRef);
  const shown = useMemo(() => (q.data ? pretty(q.data.text) : null), [q.data]);
  return (
    <Modal title={title} onClose={onClose} wide testId="full-line-dialog">
      {q.error ? (
        <ErrorPanel
          title="Could not read the line back from its file"
          message={`${q.error} The file may have been moved or rewritten since the import; reimport (Ctrl+R) and try again.`}
          onRetry={q.reload}
        />
      ) : null}
      {q.data && shown ? (
        <>
          <div className="muted mono" style={{ marginBottom: 6, overflowWrap: 'anywhere' }}>
            {q.data.path} · byte {lineRef.offset.toLocaleString('en-US')} ·{' '}
            {lineRef.length.toLocaleString('en-US')} bytes
          </div>
          {q.data.truncated || shown.note ? (
            <div className="warning" style={{ marginBottom: 6 }}>
              {q.data.truncated ? 'The line is longer than what was read; the end is cut. ' : ''}
              {shown.note}
            </div>
          ) : null}
          <pre className="code-view" data-testid="full-line-json">
            {shown.text}
          </pre>
        </>
      ) : q.loading ? (
        <SkeletonLines lines={8} />
      ) : null}
    </Modal>
  );
}

/** "Show full line": reads the line back from its source file on demand, never kept in the database. */
export function ShowLineButton({
  lineRef,
  label,
  title,
}: {
  lineRef: LineRef | null;
  label: string;
  title: string;
}) {
  const [open, setOpen] = useState(false);
  if (lineRef === null) return null;
  return (
    <>
      <button type="button" className="btn small" onClick={() => setOpen(true)} data-testid="show-line">
        {label}
      </button>
      {open ? <FullLineDialog lineRef={lineRef} title={title} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
