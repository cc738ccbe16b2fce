import type { StreamFilter } from '../../shared/filter';
import type { AppSummary, ProjectSummary, SourceSummary } from '../../shared/schemas/library';
import type { StoreDatabase } from './open-store';
import { streamFilterSql } from './stream-filter-sql';

/**
 * Sources with their counts. Logs and sidecars are counted table by table: through the all_files
 * view, a correlated subquery materializes the whole view and indexes it for every query.
 */
export function listSources(db: StoreDatabase): SourceSummary[] {
  return db
    .prepare(
      `SELECT s.id, s.kind, s.location, s.added_at AS addedAt, s.last_import_at AS lastImportAt,
        (SELECT COUNT(*) FROM files f WHERE f.source_id = s.id)
          + (SELECT COUNT(*) FROM app_sidecars c WHERE c.source_id = s.id) AS files,
        (SELECT COUNT(*) FROM (SELECT app_ref FROM files f WHERE f.source_id = s.id
          UNION SELECT app_ref FROM app_sidecars c WHERE c.source_id = s.id)) AS apps,
        (SELECT COUNT(*) FROM quarantine q JOIN files f ON f.id = q.file_ref WHERE f.source_id = s.id AND q.imported = 0) AS quarantined,
        (SELECT COUNT(*) FROM files f WHERE f.source_id = s.id AND f.error IS NOT NULL)
          + (SELECT COUNT(*) FROM app_sidecars c WHERE c.source_id = s.id AND c.error IS NOT NULL) AS fileErrors
       FROM sources s ORDER BY s.added_at, s.id`,
    )
    .all() as SourceSummary[];
}

export function sourceLocations(
  db: StoreDatabase,
  ids?: readonly number[],
): { id: number; kind: string; location: string }[] {
  const all = db.prepare('SELECT id, kind, location FROM sources ORDER BY id').all() as {
    id: number;
    kind: string;
    location: string;
  }[];
  return ids && ids.length > 0 ? all.filter((s) => ids.includes(s.id)) : all;
}

/**
 * Projects with apps (of one source, or all), each with its app count, stream and failed-stream
 * counts and when its files were last written. Apps are counted per project from the apps table
 * and the last write from the few file rows, both grouped once (counting distinct apps over a join
 * and a correlated subquery per project took most of 100 ms at 138k apps). Stream counts come from
 * `streamCounts` (the loaded snapshot: one pass over typed arrays) when given, else from SQL.
 */
export function listProjects(
  db: StoreDatabase,
  sourceId?: number,
  streamCounts?: ReadonlyMap<string, { streams: number; failed: number }>,
): ProjectSummary[] {
  const sourceClause =
    sourceId === undefined ? '' : 'WHERE a.id IN (SELECT app_ref FROM all_files WHERE source_id = :sourceId)';
  const counts = streamCounts
    ? ''
    : `(SELECT COUNT(*) FROM stream_facts f WHERE f.project_id = p.id) AS streams,
        (SELECT COUNT(*) FROM stream_facts f WHERE f.project_id = p.id AND f.failed = 1) AS failedStreams,`;
  const rows = db
    .prepare(
      `SELECT p.name, x.apps, ${counts} w.lastWrittenMs
       FROM projects p
       JOIN (SELECT a.project_id, COUNT(*) AS apps FROM apps a ${sourceClause} GROUP BY a.project_id) x
         ON x.project_id = p.id
       LEFT JOIN (SELECT a.project_id, MAX(f.mtime_ms) AS lastWrittenMs
         FROM (SELECT app_ref, MAX(mtime_ms) AS mtime_ms FROM files GROUP BY app_ref
           UNION ALL SELECT app_ref, MAX(mtime_ms) FROM app_sidecars GROUP BY app_ref) f
         JOIN apps a ON a.id = f.app_ref GROUP BY a.project_id) w ON w.project_id = p.id
       ORDER BY p.name`,
    )
    .all(sourceId === undefined ? {} : { sourceId }) as ProjectSummary[];
  if (!streamCounts) return rows;
  return rows.map(({ name, apps, lastWrittenMs }) => {
    const c = streamCounts.get(name);
    return { name, apps, streams: c?.streams ?? 0, failedStreams: c?.failed ?? 0, lastWrittenMs };
  });
}

const APP_SUMMARY_COLUMNS = `a.id AS appRef, p.name AS project, a.app_id AS appId, a.partition_key AS partitionKey,
  a.layout AS layout,
  (SELECT COUNT(*) FROM steps s WHERE s.app_ref = a.id) AS steps,
  (SELECT COUNT(*) FROM streams st WHERE st.app_ref = a.id) AS streams,
  (SELECT COUNT(*) FROM steps s WHERE s.app_ref = a.id AND s.failed = 1) AS failedSteps,
  (SELECT MAX(m) FROM (SELECT MAX(f.mtime_ms) AS m FROM files f WHERE f.app_ref = a.id
    UNION ALL SELECT MAX(c.mtime_ms) FROM app_sidecars c WHERE c.app_ref = a.id)) AS lastWrittenMs`;

/**
 * Apps of a selection. App-level fields (project, app id, partition) filter
 * every app; stream-level fields (action, time, timing source, failed) keep
 * the apps that have at least one matching stream.
 */
export function listApps(
  db: StoreDatabase,
  filter: StreamFilter,
  limit: number,
  offset: number,
): { total: number; apps: AppSummary[] } {
  const { project, app, appRefs, partitionKey, sourceId, ...streamLevel } = filter;
  // `v` exposes app-level columns under the names the filter SQL expects of stream_facts.
  const appLevel = streamFilterSql({ project, app, appRefs, partitionKey, sourceId }, 'v');
  const hasStreamLevel = Object.values(streamLevel).some((v) => v !== undefined);
  const streamWhere = streamFilterSql(streamLevel, 'f');
  const conditions = [
    appLevel.sql.replace(/^WHERE /, ''),
    hasStreamLevel ? `a.id IN (SELECT f.app_ref FROM stream_facts f ${streamWhere.sql})` : '',
  ].filter(Boolean);
  // Joined only when app-level conditions use it: the self-join keeps SQLite from reading apps in
  // name order, and a page of all 138k apps then sorts them all (50 ms; 13 without it).
  const view = appLevel.sql
    ? 'JOIN (SELECT id AS app_ref, project_id, partition_key FROM apps) v ON v.app_ref = a.id'
    : '';
  const from = `FROM apps a JOIN projects p ON p.id = a.project_id ${view}
    ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`;
  const params = { ...appLevel.params, ...streamWhere.params };
  const total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(params) as { n: number }).n;
  const apps = db
    .prepare(`SELECT ${APP_SUMMARY_COLUMNS} ${from} ORDER BY p.name, a.app_id LIMIT :limit OFFSET :offset`)
    .all({ ...params, limit, offset }) as AppSummary[];
  return { total, apps };
}

export function getAppSummary(db: StoreDatabase, appRef: number) {
  return db
    .prepare(
      `SELECT ${APP_SUMMARY_COLUMNS}, (SELECT json FROM graphs WHERE id = a.graph_id) AS graph, a.parent_pointer AS parentPointer, a.spawning_parent_pointer AS spawningParentPointer
       FROM apps a JOIN projects p ON p.id = a.project_id WHERE a.id = ?`,
    )
    .get(appRef) as
    | (AppSummary & {
        graph: string | null;
        parentPointer: string | null;
        spawningParentPointer: string | null;
      })
    | undefined;
}

export function filterOptions(db: StoreDatabase, project?: string) {
  const where =
    project === undefined ? '' : 'WHERE f.project_id = (SELECT id FROM projects WHERE name = :project)';
  const params = project === undefined ? {} : { project };
  const partitionKeys = (
    db
      .prepare(`SELECT DISTINCT f.partition_key AS k FROM stream_facts f ${where} ORDER BY k`)
      .all(params) as { k: string | null }[]
  )
    .map((r) => r.k)
    .filter((k): k is string => k !== null);
  const actions = (
    db.prepare(`SELECT DISTINCT f.action AS k FROM stream_facts f ${where} ORDER BY k`).all(params) as {
      k: string | null;
    }[]
  )
    .map((r) => r.k)
    .filter((k): k is string => k !== null);
  const range = db
    .prepare(`SELECT MIN(f.start_us) AS lo, MAX(f.start_us) AS hi FROM stream_facts f ${where}`)
    .get(params) as { lo: number | null; hi: number | null };
  return {
    partitionKeys,
    actions,
    firstStreamMs: range.lo === null ? null : range.lo / 1000,
    lastStreamMs: range.hi === null ? null : range.hi / 1000,
  };
}
