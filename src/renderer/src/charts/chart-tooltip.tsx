import type { ReactNode } from 'react';

export interface TooltipRow {
  label: string;
  value: string;
  color?: string;
}

/** The one tooltip look of every chart: a title, exact values, and a hint such as "click to open the run". */
export function TooltipBox({ title, rows, hint }: { title: ReactNode; rows: TooltipRow[]; hint?: string }) {
  return (
    <div className="chart-tooltip">
      <div className="title">{title}</div>
      {rows.map((r) => (
        <div className="row" key={r.label}>
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 5 }}>
            {r.color ? <span className="swatch" style={{ background: r.color }} /> : null}
            {r.label}
          </span>
          <strong>{r.value}</strong>
        </div>
      ))}
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  );
}

/** The data object behind the first tooltip entry, whatever chart it came from. */
export function firstPayload<T>(payload: ReadonlyArray<{ payload?: unknown }> | undefined): T | null {
  const p = payload?.[0]?.payload;
  return p === undefined || p === null ? null : (p as T);
}
