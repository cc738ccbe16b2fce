import type { StreamFilter } from '../../shared/filter';
import { parseBurrTime } from '../burr/timestamps';

export interface SqlFragment {
  sql: string;
  params: Record<string, string | number>;
}

const GLOB_CHARS = /[*?[]/;

/**
 * The WHERE clause of a stream filter over `stream_facts f`. Named parameters
 * only: filter values come from the renderer and never reach the SQL text.
 * App-level conditions are subqueries on `apps`, so the facts table stays narrow.
 */
export function streamFilterSql(filter: StreamFilter, alias = 'f'): SqlFragment {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  const col = (name: string): string => `${alias}.${name}`;
  if (filter.project !== undefined) {
    where.push(`${col('project_id')} = (SELECT id FROM projects WHERE name = :project)`);
    params.project = filter.project;
  }
  if (filter.app) {
    where.push(
      GLOB_CHARS.test(filter.app)
        ? `${col('app_ref')} IN (SELECT id FROM apps WHERE app_id GLOB :app)`
        : `${col('app_ref')} IN (SELECT id FROM apps WHERE instr(lower(app_id), lower(:app)) > 0)`,
    );
    params.app = filter.app;
  }
  if (filter.appRefs) {
    where.push(`${col('app_ref')} IN (SELECT value FROM json_each(:appRefs))`);
    params.appRefs = JSON.stringify(filter.appRefs);
  }
  if (filter.partitionKey !== undefined) {
    where.push(`${col('partition_key')} IS :partitionKey`);
    params.partitionKey = filter.partitionKey;
  }
  if (filter.action !== undefined) {
    where.push(`${col('action')} = :action`);
    params.action = filter.action;
  }
  const from = filter.from ? parseBurrTime(filter.from) : null;
  if (from) {
    where.push(`${col('start_us')} >= :fromUs`);
    params.fromUs = from.us;
  }
  const to = filter.to ? parseBurrTime(filter.to) : null;
  if (to) {
    where.push(`${col('start_us')} <= :toUs`);
    params.toUs = to.us;
  }
  if (filter.timingSource) where.push(`${col('hooks')} = ${filter.timingSource === 'hooks' ? 1 : 0}`);
  if (filter.failed === 'only') where.push(`${col('failed')} = 1`);
  if (filter.failed === 'none') where.push(`${col('failed')} = 0`);
  if (filter.sourceId !== undefined) {
    where.push(`${col('app_ref')} IN (SELECT app_ref FROM all_files WHERE source_id = :sourceId)`);
    params.sourceId = filter.sourceId;
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}
