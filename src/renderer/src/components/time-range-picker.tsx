import { useEffect, useRef, useState } from 'react';
import { formatDateTime, formatIsoLocal, isoToLocalInput, localInputToIso } from '../lib/format-time';

interface TimeRangePickerProps {
  from: string | undefined;
  to: string | undefined;
  /** The selection's first and last stream, to show what range the data covers. */
  dataFirstMs: number | null;
  dataLastMs: number | null;
  onChange: (from: string | undefined, to: string | undefined) => void;
}

const PRESETS: readonly { label: string; ms: number }[] = [
  { label: 'Last 15 minutes', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
  { label: 'Last 30 days', ms: 30 * 86_400_000 },
];

function summary(from: string | undefined, to: string | undefined): string {
  if (!from && !to) return 'Any time';
  if (from && !to) return `Since ${formatIsoLocal(from).slice(0, 16)}`;
  if (!from && to) return `Until ${formatIsoLocal(to).slice(0, 16)}`;
  return `${formatIsoLocal(from).slice(0, 16)} – ${formatIsoLocal(to).slice(0, 16)}`;
}

/** A compact button for the stream-start range; presets and exact inputs open in a popover. */
export function TimeRangePicker({ from, to, dataFirstMs, dataLastMs, onChange }: TimeRangePickerProps) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const active = Boolean(from || to);
  return (
    <div className="popover-anchor" ref={box}>
      <button
        type="button"
        className={active ? 'select active' : 'select'}
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-haspopup="dialog"
        title="Stream start time range (your local time)"
        data-testid="filter-time"
      >
        {summary(from, to)} ▾
      </button>
      {open ? (
        <div className="popover" role="dialog" aria-label="Time range">
          <div className="popover-presets">
            {PRESETS.map((p) => (
              <button
                key={p.label}
                type="button"
                className="btn small ghost"
                onClick={() => {
                  onChange(new Date(Date.now() - p.ms).toISOString(), undefined);
                  setOpen(false);
                }}
              >
                {p.label}
              </button>
            ))}
            <button
              type="button"
              className="btn small ghost"
              onClick={() => {
                onChange(undefined, undefined);
                setOpen(false);
              }}
            >
              Any time
            </button>
          </div>
          <div className="popover-fields">
            <label className="field">
              <span className="label">From</span>
              <input
                className="input"
                type="datetime-local"
                value={isoToLocalInput(from)}
                onChange={(e) => onChange(localInputToIso(e.target.value), to)}
              />
            </label>
            <label className="field">
              <span className="label">To</span>
              <input
                className="input"
                type="datetime-local"
                value={isoToLocalInput(to)}
                onChange={(e) => onChange(from, localInputToIso(e.target.value))}
              />
            </label>
            {dataFirstMs !== null ? (
              <div className="faint" style={{ fontSize: 12 }}>
                Streams in this project: {formatDateTime(dataFirstMs)} – {formatDateTime(dataLastMs)}
              </div>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
