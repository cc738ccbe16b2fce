import { formatCount, formatPercentPoints, formatPValue, formatShare } from '../../../../shared/format';
import type { GoodputComparison } from '../../../../shared/schemas/compare';
import type { Slo } from '../../../../shared/slo';
import { useLibrary } from '../../api/library-context';
import { describeSlo } from '../../lib/slo-text';
import { groupColor, useThemeColors } from '../../theme/use-theme-colors';

interface GoodputPanelProps {
  /** The project whose SLOs the comparison uses; null: none. */
  project: string | null;
  onProject: (project: string | null) => void;
  slo: Slo | null | undefined;
  goodput: GoodputComparison | undefined;
}

/**
 * Goodput per compared group against one project's SLOs (the first group's project by default),
 * with each group's difference from the baseline and its two-proportion p-value.
 */
export function GoodputPanel({ project, onProject, slo, goodput }: GoodputPanelProps) {
  const { projects } = useLibrary();
  const colors = useThemeColors();
  return (
    <section className="panel" style={{ marginBottom: 12 }} data-testid="compare-goodput">
      <div className="panel-head">
        <h3>Goodput</h3>
        <label className="field">
          <span className="label">SLOs of</span>
          <select
            className="select"
            value={project ?? ''}
            onChange={(e) => onProject(e.target.value === '' ? null : e.target.value)}
            aria-label="Project whose SLOs to use"
          >
            <option value="">no SLOs</option>
            {(projects.data ?? []).map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <span className="n">{slo ? describeSlo(slo) : ''}</span>
      </div>
      {!project ? (
        <div className="panel-note" style={{ padding: 8 }}>
          Pick a project whose SLOs to compare goodput against.
        </div>
      ) : slo === null ? (
        <div className="panel-note" style={{ padding: 8 }}>
          {project} has no SLOs yet: set them on its dashboard.
        </div>
      ) : goodput ? (
        <table className="table">
          <thead>
            <tr>
              <th>group</th>
              <th className="num">goodput</th>
              <th className="num">meet the SLOs</th>
              <th className="num">vs baseline</th>
              <th className="num">significance</th>
            </tr>
          </thead>
          <tbody>
            {goodput.groups.map((g, i) => {
              const diff = goodput.diffs.find((d) => d.group === g.name);
              return (
                <tr key={g.name} data-testid="goodput-row">
                  <td>
                    <span className="swatch" style={{ background: groupColor(colors, i) }} /> {g.name}
                    {i === 0 ? <span className="faint"> (baseline)</span> : null}
                  </td>
                  <td className="num">{formatShare(g.goodput.share)}</td>
                  <td className="num">
                    {formatCount(g.goodput.met)} of {formatCount(g.goodput.of)}
                  </td>
                  <td className="num">{diff ? formatPercentPoints(diff.diff) : '–'}</td>
                  <td className="num">{diff ? formatPValue(diff.p) : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="panel-note" style={{ padding: '4px 8px 8px' }}>
        Failed streams count and never meet the SLOs. Two-proportion z-test against the first group.
      </div>
    </section>
  );
}
