import type { ProjectCounts } from '../importer/import-types';
import type { StoreDatabase } from './open-store';

/**
 * Totals per project as stored now: what `import --json` prints and what the tests pin down. Only
 * the `projects` named, when given: each project costs a walk of its streams and steps (at 1M
 * streams, counting every project took 1.5 s after an import that touched one of them).
 */
export function countsByProject(
  db: StoreDatabase,
  projects?: readonly string[],
): Record<string, ProjectCounts> {
  const where = projects ? 'WHERE p.name IN (SELECT value FROM json_each(:names))' : '';
  const rows = db
    .prepare(
      `SELECT p.name AS project,
        (SELECT COUNT(*) FROM apps a WHERE a.project_id = p.id) AS apps,
        (SELECT COUNT(*) FROM steps s JOIN apps a ON a.id = s.app_ref WHERE a.project_id = p.id) AS steps,
        (SELECT COUNT(*) FROM stream_facts f WHERE f.project_id = p.id) AS streams,
        (SELECT COUNT(*) FROM stream_facts f WHERE f.project_id = p.id AND f.failed = 1) AS failed_streams,
        (SELECT COUNT(*) FROM stream_facts f WHERE f.project_id = p.id AND f.hooks = 1) AS timed_streams,
        (SELECT COUNT(*) FROM span_keys s JOIN apps a ON a.id = s.app_ref WHERE a.project_id = p.id) AS spans,
        (SELECT COALESCE(SUM(f.attributes), 0) FROM files f JOIN apps a ON a.id = f.app_ref
          WHERE a.project_id = p.id) AS attributes
      FROM projects p ${where} ORDER BY p.name`,
    )
    .all(projects ? { names: JSON.stringify(projects) } : {}) as (ProjectCounts & { project: string })[];
  // Keyed by names from the logs: a project may be called `__proto__`, so no prototype, and define, not assign.
  const out: Record<string, ProjectCounts> = Object.create(null);
  for (const { project, ...counts } of rows) {
    Object.defineProperty(out, project, {
      value: counts,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
