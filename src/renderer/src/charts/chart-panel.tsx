import { type ReactNode, useRef, useState } from 'react';
import { errorText } from '../api/error-text';
import { saveSvgAsPng } from '../lib/save-png';
import { useThemeColors } from '../theme/use-theme-colors';

interface ChartPanelProps {
  title: string;
  /** "n = 42", always shown (UI.md: always say n). */
  n: ReactNode;
  controls?: ReactNode;
  legend?: ReactNode;
  note?: ReactNode;
  /** What the chart shows, written under the title in the PNG (selection, filters). */
  subtitle: string;
  children: ReactNode;
  testId?: string;
}

/** A chart's frame: title, n, its own controls, "Save as PNG", legend and a note. */
export function ChartPanel({
  title,
  n,
  controls,
  legend,
  note,
  subtitle,
  children,
  testId,
}: ChartPanelProps) {
  const body = useRef<HTMLDivElement>(null);
  const colors = useThemeColors();
  const [error, setError] = useState<string | null>(null);
  const save = (): void => {
    if (body.current === null) return;
    const nText = body.current.closest('.panel')?.querySelector('.panel-head .n')?.textContent ?? '';
    const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
    saveSvgAsPng(body.current, { title, subtitle: `${subtitle} · ${nText} · ${stamp} UTC` }, colors).then(
      () => setError(null),
      (e: unknown) => setError(errorText(e)),
    );
  };
  return (
    <section className="panel" data-testid={testId} aria-label={title}>
      <div className="panel-head">
        <h3>{title}</h3>
        <span className="n">{n}</span>
        <span className="spacer" />
        {controls}
        <button
          type="button"
          className="btn small ghost"
          onClick={save}
          title="Save chart as PNG"
          data-testid="save-png"
        >
          PNG
        </button>
      </div>
      <div className="panel-body" ref={body}>
        {children}
      </div>
      {legend ? <div className="panel-note">{legend}</div> : null}
      {note ? <div className="panel-note">{note}</div> : null}
      {error ? <div className="panel-note failed-text">Could not save the PNG: {error}</div> : null}
    </section>
  );
}
