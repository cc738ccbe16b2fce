import { Fragment, useState } from 'react';
import {
  formatCount,
  formatMetricDelta,
  formatMetricValue,
  formatPercentChange,
  formatPercentPoints,
} from '../../../../shared/format';
import { METRIC_INFO } from '../../../../shared/metric-info';
import type { Comparison, MetricComparison } from '../../../../shared/schemas/compare';
import type { Stats } from '../../../../shared/stream-row';
import { groupColor, useThemeColors } from '../../theme/use-theme-colors';
import { outcomeLabel, outcomeSymbol } from './outcome-label';

type StatKey = Exclude<keyof Stats, 'count'>;
const SHORT: StatKey[] = ['p50', 'p90', 'p99', 'mean'];
const ALL: StatKey[] = ['p50', 'p90', 'p95', 'p99', 'mean', 'std', 'min', 'max'];

function diffText(
  m: MetricComparison,
  stat: StatKey,
  v: number | null,
  base: number | null,
): { text: string; title: string } | null {
  if (v === null || base === null || stat === 'std') return null;
  const abs = v - base;
  if (METRIC_INFO[m.metric].kind === 'share') {
    const pp = formatPercentPoints(abs);
    return {
      text: abs > 0 ? `+${pp}` : abs < 0 ? `−${pp.replace('-', '')}` : pp,
      title: 'difference to the baseline in percentage points',
    };
  }
  const pct = base === 0 ? null : (abs / Math.abs(base)) * 100;
  const absText = `${abs >= 0 ? '+' : '−'}${formatMetricDelta(m.metric, Math.abs(abs))}`;
  return {
    text: pct === null ? absText : formatPercentChange(pct),
    title: `${absText} against the baseline`,
  };
}

/** Every metric's statistics side by side, each group's difference to the first, and the verdicts. */
export function CompareTable({ comparison }: { comparison: Comparison }) {
  const colors = useThemeColors();
  const [allStats, setAllStats] = useState(false);
  const stats = allStats ? ALL : SHORT;
  const names = comparison.groups.map((g) => g.name);
  return (
    <section className="panel" data-testid="compare-table">
      <div className="panel-head">
        <h3>Statistics by group</h3>
        <span className="n">failed streams excluded · n per metric</span>
        <span className="spacer" />
        <label className="field">
          <input type="checkbox" checked={allStats} onChange={(e) => setAllStats(e.target.checked)} />
          all statistics
        </label>
      </div>
      <div className="table-wrap">
        <table className="table cmp-table">
          <thead>
            <tr>
              <th>metric</th>
              {names.map((n, i) => (
                <th key={n} className="num" colSpan={i === 0 ? 1 : 2}>
                  <span className="swatch" style={{ background: groupColor(colors, i), marginRight: 5 }} />
                  {n}
                  {i === 0 ? <span className="faint"> (baseline)</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {comparison.metrics.map((m) => {
              const base = m.groups[0]?.stats;
              return (
                <Fragment key={m.metric}>
                  <tr>
                    <td className="metric" colSpan={names.length * 2}>
                      {/* A capped width lets the note wrap instead of stretching every column of the table. */}
                      <div style={{ maxWidth: 560 }}>
                        {m.label}
                        <span className="faint" style={{ fontWeight: 400 }}>
                          {' '}
                          · {METRIC_INFO[m.metric]?.note}
                        </span>
                      </div>
                    </td>
                  </tr>
                  <tr>
                    <td className="muted">n</td>
                    {m.groups.map((g, i) => (
                      <Fragment key={g.name}>
                        <td className="num">
                          {formatCount(g.stats.count)}
                          {g.legacy > 0 ? (
                            <span className="legacy-text"> ({formatCount(g.legacy)} legacy)</span>
                          ) : null}
                        </td>
                        {i > 0 ? <td className="diff" /> : null}
                      </Fragment>
                    ))}
                  </tr>
                  {stats.map((s) => (
                    <tr key={s}>
                      <td className="muted">{s}</td>
                      {m.groups.map((g, i) => {
                        const v = g.stats[s];
                        const d = i > 0 && base ? diffText(m, s, v, base[s]) : null;
                        return (
                          <Fragment key={g.name}>
                            <td className="num">
                              {s === 'std' ? formatMetricDelta(m.metric, v) : formatMetricValue(m.metric, v)}
                            </td>
                            {i > 0 ? (
                              <td className="num diff" title={d?.title}>
                                {d?.text ?? ''}
                              </td>
                            ) : null}
                          </Fragment>
                        );
                      })}
                    </tr>
                  ))}
                  <tr>
                    <td className="muted">verdict</td>
                    <td className="faint verdict-cell">baseline</td>
                    {m.diffs.map((d) => (
                      <td
                        key={d.group}
                        colSpan={2}
                        className="verdict-cell"
                        data-testid="compare-verdict-cell"
                      >
                        <strong>
                          {outcomeSymbol(d.outcome)} {outcomeLabel(m.metric, d.outcome)}
                        </strong>
                        <div style={{ maxWidth: 420 }}>{d.verdict}</div>
                        {d.warnings.map((w) => (
                          <div key={w.kind} className="warning" style={{ marginTop: 3 }}>
                            {w.text}
                          </div>
                        ))}
                      </td>
                    ))}
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
