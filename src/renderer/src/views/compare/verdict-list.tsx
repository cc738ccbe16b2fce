import type { Comparison } from '../../../../shared/schemas/compare';
import type { StatMetric } from '../../../../shared/stream-row';
import { groupColor, useThemeColors } from '../../theme/use-theme-colors';
import { outcomeLabel, outcomeSymbol } from './outcome-label';

/** The metrics people ask about first; the table below has every metric. */
const HEADLINE: StatMetric[] = ['ttft_ms', 'generation_ms', 'consumer_ms', 'items_per_s'];

export function VerdictList({ comparison }: { comparison: Comparison }) {
  const colors = useThemeColors();
  const metrics = comparison.metrics.filter((m) => HEADLINE.includes(m.metric));
  // "no data" (e.g. generation of a legacy-only group) says nothing here; the table below still shows it.
  const noData = metrics.reduce((n, m) => n + m.diffs.filter((d) => d.outcome === 'no-data').length, 0);
  return (
    <section className="panel" style={{ marginBottom: 12 }} data-testid="compare-verdicts">
      <div className="panel-head">
        <h3>Verdicts</h3>
        <span className="n">against {comparison.baseline}</span>
      </div>
      <div className="panel-body verdicts">
        {metrics.flatMap((m) =>
          m.diffs
            .filter((d) => d.outcome !== 'no-data')
            .map((d) => {
              const gi = comparison.groups.findIndex((g) => g.name === d.group);
              return (
                <div className="verdict" key={`${m.metric}:${d.group}`} data-testid="compare-verdict">
                  <span className="swatch" style={{ background: groupColor(colors, gi) }} />
                  <span className="outcome" title={`${m.label}: ${outcomeLabel(m.metric, d.outcome)}`}>
                    {m.label} {outcomeSymbol(d.outcome)} {outcomeLabel(m.metric, d.outcome)}
                  </span>
                  <span>
                    {d.verdict}
                    {d.warnings.map((w) => (
                      <span key={w.kind} className="warning" style={{ marginLeft: 6 }}>
                        {w.text}
                      </span>
                    ))}
                  </span>
                </div>
              );
            }),
        )}
        {noData > 0 ? (
          <div className="faint" style={{ fontSize: 12 }}>
            {noData} comparison{noData === 1 ? '' : 's'} had no data on one side (e.g. generation time of
            legacy-only groups); see the table below.
          </div>
        ) : null}
      </div>
    </section>
  );
}
