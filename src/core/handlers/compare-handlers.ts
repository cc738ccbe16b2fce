import { compareGroupCharts } from '../metrics/compare-charts';
import { compareGroups } from '../metrics/compare-groups';
import type { StoreDatabase } from '../store/open-store';
import { allStreams } from '../store/stream-queries';
import type { HandlersOf } from './handler-types';

/** Two to six selections side by side: the statistical comparison and each group's chart data. */
export function compareHandlers(db: StoreDatabase): HandlersOf<'compare:run'> {
  return {
    'compare:run': async ({ groups, slo }) => {
      const inputs = groups.map((g) => ({ name: g.name, streams: allStreams(db, g.filter) }));
      return {
        comparison: compareGroups(inputs, slo ? { slo } : {}),
        groups: inputs.map(compareGroupCharts),
      };
    },
  };
}
