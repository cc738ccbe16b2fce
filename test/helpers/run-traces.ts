import type { StoreDatabase } from '../../src/core/store/open-store';
import { countsByProject } from '../../src/core/store/project-counts';
import { getRunDetail } from '../../src/core/store/run-queries';

/**
 * Spans and attributes are read back from the log files (the span_keys migration), not stored as rows: tests
 * that looked at those tables read them through the run view's own path instead, for every app.
 */
export function allRunTraces(db: StoreDatabase) {
  const apps = db
    .prepare(
      `SELECT a.id, p.name || '/' || a.partition_dir || '/' || a.app_id AS app FROM apps a
       JOIN projects p ON p.id = a.project_id ORDER BY app`,
    )
    .all() as { id: number; app: string }[];
  const spans: Record<string, unknown>[] = [];
  const attributes: Record<string, unknown>[] = [];
  const problems: string[] = [];
  for (const { id, app } of apps) {
    const run = getRunDetail(db, id);
    for (const s of run.spans) spans.push({ app, ...s });
    for (const a of run.attributes) attributes.push({ app, ...a });
    problems.push(...run.traceProblems);
  }
  return { spans, attributes, problems };
}

/** Counts and sums that a doubled or lost span or attribute would change (with the stored counts). */
export function traceFingerprint(db: StoreDatabase) {
  const { spans, attributes, problems } = allRunTraces(db);
  const totals = Object.values(countsByProject(db));
  const sum = (k: 'spans' | 'attributes') => totals.reduce((n, c) => n + c[k], 0);
  return {
    spans: {
      n: spans.length,
      counted: sum('spans'),
      ms: Math.round(spans.reduce((t, s) => t + ((s.durationMs as number | null) ?? 0), 0) * 1000),
    },
    attributes: {
      n: attributes.length,
      counted: sum('attributes'),
      len: attributes.reduce((t, a) => t + ((a.value as string | null)?.length ?? 0), 0),
    },
    problems,
  };
}
