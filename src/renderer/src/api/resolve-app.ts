import type { StreamRow } from '../../../shared/stream-row';
import { cleanFilter } from '../state/app-state';
import type { HostApi } from './host-api';

/**
 * The app (database id) a stream row belongs to. Stream rows carry the public names of
 * BURR-FORMAT §3, not database ids, so the run view is found through the app list.
 */
export async function resolveAppRef(api: HostApi, row: StreamRow, sourceId?: number): Promise<number | null> {
  const res = await api['library:apps']({
    filter: cleanFilter({
      sourceId,
      project: row.project,
      app: row.app_id,
      partitionKey: row.partition_key ?? undefined,
    }),
    limit: 100,
    offset: 0,
  });
  const exact = res.apps.find(
    (a) =>
      a.appId === row.app_id &&
      a.project === row.project &&
      (a.partitionKey ?? null) === (row.partition_key ?? null),
  );
  return (exact ?? res.apps.find((a) => a.appId === row.app_id))?.appRef ?? null;
}
