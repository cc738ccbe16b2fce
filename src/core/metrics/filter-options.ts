import type { FilterOptions } from '../../shared/schemas/library';
import type { FactsSnapshot } from '../store/facts-snapshot';

/** UTF-8 byte order: SQLite's BINARY collation, so the lists come out as the SQL query orders them. */
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The filter bar's choices (partition keys, actions, the time range) of a project, or of every
 * stream, from the in-memory snapshot: one pass over typed arrays instead of three scans of
 * stream_facts (609 ms at 1M streams). The same answer as store/library-queries' filterOptions.
 */
export function filterOptionsOf(s: FactsSnapshot, project?: string): FilterOptions {
  const projectIdx = project === undefined ? -1 : s.projects.indexOf(project);
  const none = { partitionKeys: [], actions: [], firstStreamMs: null, lastStreamMs: null };
  if (project !== undefined && projectIdx < 0) return none;
  const seenAction = new Uint8Array(s.actions.length);
  const seenPartition = new Uint8Array(s.partitions.length);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < s.n; i++) {
    if (projectIdx >= 0 && s.projectIdx[i] !== projectIdx) continue;
    const a = s.actionIdx[i] as number;
    if (a >= 0) seenAction[a] = 1;
    const p = s.partitionIdx[i] as number;
    if (p >= 0) seenPartition[p] = 1;
    const t = s.startUs[i] as number;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  // Labels merged by a refresh may no longer occur, and come unsorted: keep the seen ones, sorted.
  const seen = (labels: readonly string[], marks: Uint8Array) =>
    labels.filter((_, i) => marks[i] === 1).sort(byBytes);
  return {
    partitionKeys: seen(s.partitions, seenPartition),
    actions: seen(s.actions, seenAction),
    firstStreamMs: Number.isFinite(lo) ? lo / 1000 : null,
    lastStreamMs: Number.isFinite(hi) ? hi / 1000 : null,
  };
}
