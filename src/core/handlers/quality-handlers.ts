import type { TimingFlagsAnswer } from '../../shared/schemas/quality';
import { timingFlags } from '../metrics/timing-flags';
import type { StoreDatabase } from '../store/open-store';
import { appRefsOfStreams } from '../store/rank-queries';
import { streamClocks } from '../store/stream-clock-queries';
import { allStreams } from '../store/stream-queries';
import type { HandlersOf } from './handler-types';

const MAX_APPS = 200;
const MAX_SEQUENCE_IDS = 20;

/**
 * Problems → Suspicious timing: metrics/timing-flags over every stream (of one source, or all),
 * with the raw clocks, counted per app. Flagged streams stay in every statistic; this only points.
 */
export function qualityHandlers(db: StoreDatabase): HandlersOf<'problems:timing'> {
  return {
    'problems:timing': async ({ sourceId }) => {
      const rows = allStreams(db, sourceId === undefined ? {} : { sourceId });
      const flags = timingFlags(
        rows,
        streamClocks(
          db,
          rows.map((r) => r.stream_id),
        ),
      );
      const seq = new Map(rows.map((r) => [r.stream_id, r.sequence_id]));
      // Most flagged apps first; only the first MAX_APPS are sent.
      const shown = flags.map((f) => [...f.apps].sort((a, b) => b.count - a.count).slice(0, MAX_APPS));
      const appRefs = appRefsOfStreams(
        db,
        shown.flatMap((apps) => apps.map((a) => a.stream_ids[0] as number)),
      );
      return {
        streams: rows.length,
        flags: flags.map((f, i) => ({
          flag: f.flag,
          label: f.label,
          description: f.description,
          count: f.count,
          appsTotal: f.apps.length,
          apps: (shown[i] ?? []).map((a) => ({
            appRef: appRefs.get(a.stream_ids[0] as number) ?? -1,
            project: a.project,
            partitionKey: a.partition_key,
            appId: a.app_id,
            count: a.count,
            sequenceIds: a.stream_ids.slice(0, MAX_SEQUENCE_IDS).map((id) => seq.get(id) ?? -1),
          })),
        })),
      } satisfies TimingFlagsAnswer;
    },
  };
}
