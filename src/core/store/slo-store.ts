import { type Slo, sloSchema } from '../../shared/slo';
import type { StoreDatabase } from './open-store';

/*
 * A project's SLOs (migration 5). Stored as the contract's JSON and read back through sloSchema, so
 * a row written by another version that no longer parses reads as "no SLO" instead of breaking the
 * dashboard.
 */

export function getProjectSlo(db: StoreDatabase, project: string): Slo | null {
  const text = db.prepare('SELECT slo FROM project_slos WHERE project = ?').pluck().get(project) as
    | string
    | undefined;
  if (text === undefined) return null;
  try {
    const parsed = sloSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Sets (or, with null, clears) a project's SLOs. */
export function setProjectSlo(db: StoreDatabase, project: string, slo: Slo | null): void {
  if (slo === null) {
    db.prepare('DELETE FROM project_slos WHERE project = ?').run(project);
    return;
  }
  db.prepare(
    `INSERT INTO project_slos (project, slo, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (project) DO UPDATE SET slo = excluded.slo, updated_at = excluded.updated_at`,
  ).run(project, JSON.stringify(sloSchema.parse(slo)), new Date().toISOString());
}
