import { useState } from 'react';
import { SLO_METRICS, type Slo, type SloMetric, type SloOp } from '../../../../shared/slo';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { describeSlo, rowsOf, type SloRow, sloOfRows, sloUnit, unusedMetric } from '../../lib/slo-text';

interface SloPanelProps {
  /** The selected project; without one there is nothing to set SLOs for. */
  project: string | undefined;
  slo: Slo | null | undefined;
  /** After Save or Clear: the dashboard asks again for the SLO (and so for goodput). */
  onChanged: () => void;
}

/**
 * A project's latency SLOs on the dashboard: shown as text, edited in place (metric, ≤ or <,
 * value; add and remove bounds), stored in the library by `slo:set`. Every control is a native
 * input or button, so Tab, Enter and Escape work without extra handling.
 */
export function SloPanel({ project, slo, onChanged }: SloPanelProps) {
  const api = useApi();
  const [rows, setRows] = useState<SloRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  if (!project) {
    return (
      <div className="slo-panel muted" data-testid="slo-panel">
        <strong>SLOs</strong> Pick a project to set its SLOs.
      </div>
    );
  }

  const save = async (next: Slo | null): Promise<void> => {
    setSaving(true);
    setError(null);
    try {
      await api['slo:set']({ project, slo: next });
      setRows(null);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  const submit = (): void => {
    if (!rows) return;
    const parsed = sloOfRows(rows);
    if ('error' in parsed) setError(parsed.error);
    else void save(parsed.slo);
  };
  const update = (i: number, patch: Partial<SloRow>): void => {
    setError(null);
    setRows((rs) => (rs ? rs.map((r, j) => (j === i ? { ...r, ...patch } : r)) : rs));
  };

  if (rows === null) {
    return (
      <div className="slo-panel" data-testid="slo-panel">
        <strong>SLOs</strong>
        <span data-testid="slo-text">{slo ? describeSlo(slo) : 'none set for this project'}</span>
        <button
          type="button"
          className="btn small"
          onClick={() => {
            setError(null);
            setRows(rowsOf(slo ?? null));
          }}
          disabled={slo === undefined}
          data-testid="slo-edit"
        >
          {slo ? 'Edit' : 'Set SLOs'}
        </button>
        {slo ? (
          <button
            type="button"
            className="btn small ghost"
            onClick={() => void save(null)}
            disabled={saving}
            data-testid="slo-clear"
          >
            Clear
          </button>
        ) : null}
        <span className="muted">A stream meets the SLOs when it did not fail and every bound holds.</span>
        {error ? <span className="slo-error">{error}</span> : null}
      </div>
    );
  }

  const next = unusedMetric(rows);
  return (
    <form
      className="slo-panel editing"
      data-testid="slo-editor"
      aria-label={`SLOs of ${project}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setRows(null);
      }}
    >
      <strong>SLOs of {project}</strong>
      {rows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place; a metric may be changed in place
        <span className="slo-bound" key={i} data-testid="slo-bound">
          <select
            className="select"
            value={r.metric}
            aria-label={`Metric of bound ${i + 1}`}
            onChange={(e) => update(i, { metric: e.target.value as SloMetric })}
          >
            {SLO_METRICS.map((m) => (
              <option key={m} value={m} disabled={m !== r.metric && rows.some((o) => o.metric === m)}>
                {m}
              </option>
            ))}
          </select>
          <select
            className="select"
            value={r.op}
            aria-label={`Comparison of bound ${i + 1}`}
            onChange={(e) => update(i, { op: e.target.value as SloOp })}
          >
            <option value="<=">≤</option>
            <option value="<">&lt;</option>
          </select>
          <input
            className="input slo-value"
            inputMode="decimal"
            value={r.value}
            placeholder="value"
            aria-label={`Value of bound ${i + 1}`}
            onChange={(e) => update(i, { value: e.target.value })}
          />
          <span className="muted">{sloUnit(r.metric)}</span>
          <button
            type="button"
            className="btn small ghost icon"
            aria-label={`Remove bound ${i + 1}`}
            title="Remove this bound"
            onClick={() => setRows(rows.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </span>
      ))}
      <button
        type="button"
        className="btn small"
        disabled={next === null}
        onClick={() => next && setRows([...rows, { metric: next, op: '<=', value: '' }])}
      >
        Add bound
      </button>
      <button type="submit" className="btn small primary" disabled={saving} data-testid="slo-save">
        Save
      </button>
      <button type="button" className="btn small ghost" onClick={() => setRows(null)}>
        Cancel
      </button>
      {error ? (
        <span className="slo-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
