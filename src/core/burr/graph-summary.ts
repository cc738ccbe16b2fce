import type { GraphSummary } from '../../shared/schemas/run';

/** The entry point and action names of an app's graph.json, as stored; null when absent or unreadable. */
export function graphSummary(graphJson: string | null): GraphSummary | null {
  if (!graphJson) return null;
  try {
    const graph = JSON.parse(graphJson) as { entrypoint?: string | null; actions?: { name?: string }[] };
    return {
      entrypoint: graph.entrypoint ?? null,
      actions: (graph.actions ?? []).map((a) => a.name).filter((n): n is string => typeof n === 'string'),
    };
  } catch {
    return null;
  }
}
