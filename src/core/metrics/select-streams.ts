import type { StreamFilter } from '../../shared/filter';
import { parseBurrTime } from '../burr/timestamps';
import type { FactsSnapshot } from '../store/facts-snapshot';
import { allAppIds, appIndex, partitionKeyAt } from './app-table';
import { type StreamColumns, takeRows } from './stream-columns';

/**
 * A filter applied to the in-memory snapshot: the same meaning as
 * store/stream-filter-sql.ts (tests hold the two together), as a typed-array scan.
 */
export function selectStreams(s: FactsSnapshot, filter: StreamFilter): StreamColumns {
  const rows = selectRows(s, filter);
  // Everything selected: the snapshot's own columns serve as they are (they are never written to).
  return rows === null ? s : takeRows(s, rows);
}

/**
 * The snapshot rows a filter selects, ascending; null when the filter selects everything.
 * Dashboards read the snapshot through these rows rather than copying the columns out.
 */
export function selectRows(s: FactsSnapshot, filter: StreamFilter): Int32Array | null {
  if (Object.values(filter).every((v) => v === undefined)) return null;
  const appOk = appPredicate(s, filter);
  const projectIdx = filter.project === undefined ? null : s.projects.indexOf(filter.project);
  const actionIdx = filter.action === undefined ? null : s.actions.indexOf(filter.action);
  const fromUs = filter.from ? (parseBurrTime(filter.from)?.us ?? null) : null;
  const toUs = filter.to ? (parseBurrTime(filter.to)?.us ?? null) : null;
  const hooks = filter.timingSource === undefined ? null : filter.timingSource === 'hooks' ? 1 : 0;
  const failed = filter.failed === 'only' ? 1 : filter.failed === 'none' ? 0 : null;

  const keep = new Int32Array(s.n);
  let k = 0;
  for (let i = 0; i < s.n; i++) {
    if (projectIdx !== null && s.projectIdx[i] !== projectIdx) continue;
    if (actionIdx !== null && s.actionIdx[i] !== actionIdx) continue;
    if (hooks !== null && s.hooks[i] !== hooks) continue;
    if (failed !== null && s.failed[i] !== failed) continue;
    const t = s.startUs[i] as number;
    if (fromUs !== null && !(t >= fromUs)) continue;
    if (toUs !== null && !(t <= toUs)) continue;
    if (appOk && !appOk(s.appRef[i] as number)) continue;
    keep[k++] = i;
  }
  return keep.subarray(0, k);
}

/** App-level conditions (app glob or substring, picked apps, partition key, source), decided once per app. */
function appPredicate(s: FactsSnapshot, filter: StreamFilter): ((appRef: number) => boolean) | null {
  const conditions: ((appRef: number) => boolean)[] = [];
  if (filter.app) {
    const app = filter.app;
    const test = /[*?[]/.test(app) ? globToRegExp(app) : null;
    const needle = app.toLowerCase();
    // Each app's id is tested once, as a scan decides per app: all of them decoded at once.
    const ids = allAppIds(s.apps);
    conditions.push((ref) => {
      const k = appIndex(s.apps, ref);
      const id = k < 0 ? '' : (ids[k] ?? '');
      return test ? test.test(id) : id.toLowerCase().includes(needle);
    });
  }
  if (filter.appRefs) {
    const refs = new Set(filter.appRefs);
    conditions.push((ref) => refs.has(ref));
  }
  if (filter.partitionKey !== undefined) {
    const key = filter.partitionKey;
    conditions.push((ref) => {
      const k = appIndex(s.apps, ref);
      return (k < 0 ? null : partitionKeyAt(s.apps, k)) === key;
    });
  }
  if (filter.sourceId !== undefined) {
    const apps = s.sourceApps.get(filter.sourceId) ?? new Set<number>();
    conditions.push((ref) => apps.has(ref));
  }
  if (conditions.length === 0) return null;
  const memo = new Map<number, boolean>();
  return (ref) => {
    let ok = memo.get(ref);
    if (ok === undefined) {
      ok = conditions.every((c) => c(ref));
      memo.set(ref, ok);
    }
    return ok;
  };
}

/** SQLite GLOB semantics: case-sensitive, `*`, `?`, `[...]` (with `^` negation). */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith('^')) body = `^${body.slice(1).replace(/[\\\]]/g, '\\$&')}`;
      else body = body.replace(/[\\\]]/g, '\\$&');
      out += `[${body}]`;
      i = end;
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}
