import type { ReactNode } from 'react';
import { formatCount } from '../../../shared/format';

/** The convention, stated once per view (UI.md "Numbers"). */
export function StatsFootnote({ failed, children }: { failed: number; children?: ReactNode }) {
  return (
    <div className="footnote" data-testid="stats-footnote">
      <p>Percentiles by linear interpolation; failed streams excluded (n failed = {formatCount(failed)}).</p>
      {children}
    </div>
  );
}
