import type { TimingFlagsAnswer } from '../../shared/schemas/quality';
import { timingFlags } from '../metrics/timing-flags';
import { KeptUntilChange } from '../runtime/kept-until-change';
import { timingFlagInput } from '../store/timing-flag-queries';
import type { HandlersOf } from './handler-types';
import type { ServiceContext } from './service-context';

const MAX_APPS = 200;
const MAX_SEQUENCE_IDS = 20;

/**
 * Problems → Suspicious timing: metrics/timing-flags over every stream (of one source, or all),
 * with the raw clocks, counted per app. Flagged streams stay in every statistic; this only points.
 * Answers are kept per source until the streams change: the view asks again on every visit.
 */
export function qualityHandlers({
  db,
  facts,
}: Pick<ServiceContext, 'db' | 'facts'>): HandlersOf<'problems:timing'> {
  // One answer per source (and one for all): a handful of keys at most.
  const kept = new KeptUntilChange<TimingFlagsAnswer>(facts, 64);
  const compute = (sourceId: number | undefined): TimingFlagsAnswer => {
    const { rows, clocks, appRefs } = timingFlagInput(db, sourceId === undefined ? {} : { sourceId });
    const seq = new Map(rows.map((r) => [r.stream_id, r.sequence_id]));
    return {
      streams: rows.length,
      flags: timingFlags(rows, clocks).map((f) => ({
        flag: f.flag,
        label: f.label,
        description: f.description,
        count: f.count,
        appsTotal: f.apps.length,
        // Most flagged apps first; only the first MAX_APPS are sent.
        apps: [...f.apps]
          .sort((a, b) => b.count - a.count)
          .slice(0, MAX_APPS)
          .map((a) => ({
            appRef: appRefs.get(a.stream_ids[0] as number) ?? -1,
            project: a.project,
            partitionKey: a.partition_key,
            appId: a.app_id,
            count: a.count,
            sequenceIds: a.stream_ids.slice(0, MAX_SEQUENCE_IDS).map((id) => seq.get(id) ?? -1),
          })),
      })),
    };
  };
  return {
    'problems:timing': async ({ sourceId }) => {
      return kept.get(String(sourceId ?? 'all'), () => compute(sourceId));
    },
  };
}
