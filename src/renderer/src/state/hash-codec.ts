import { z } from 'zod';
import type { StreamFilter } from '../../../shared/filter';
import { streamFilterSchema } from '../../../shared/filter';
import { STREAM_SORT_KEYS } from '../../../shared/stream-sort-keys';
import {
  type AppState,
  cleanFilter,
  DEFAULT_STATE,
  type StreamSortBy,
  VIEWS,
  type ViewName,
} from './app-state';

/*
 * The hash looks like `#/dashboard?project=chat&app=fast-*&failed=none&log=1`: readable, so a
 * person can edit or share it, and the `serve` host restores a view from it after a reload.
 */

const SORT_KEYS: readonly StreamSortBy[] = STREAM_SORT_KEYS;

const groupsSchema = z
  .array(z.object({ name: z.string().min(1).max(80), filter: streamFilterSchema }))
  .max(6);

function int(v: string | null): number | undefined {
  if (v === null || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

function filterFromParams(p: URLSearchParams): StreamFilter {
  const f: StreamFilter = {};
  const source = int(p.get('source'));
  if (source !== undefined) f.sourceId = source;
  const project = p.get('project');
  if (project) f.project = project;
  const app = p.get('app');
  if (app) f.app = app;
  const apps = p.get('apps');
  if (apps) {
    const refs = apps
      .split(',')
      .map((s) => int(s))
      .filter((n): n is number => n !== undefined);
    if (refs.length > 0) f.appRefs = refs;
  }
  const pk = p.get('pk');
  if (pk !== null) f.partitionKey = pk;
  const action = p.get('action');
  if (action) f.action = action;
  const from = p.get('from');
  if (from) f.from = from;
  const to = p.get('to');
  if (to) f.to = to;
  const timing = p.get('timing');
  if (timing === 'hooks' || timing === 'legacy') f.timingSource = timing;
  const failed = p.get('failed');
  if (failed === 'only' || failed === 'none') f.failed = failed;
  return f;
}

export function parseHash(hash: string): AppState {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = (q >= 0 ? raw.slice(0, q) : raw).replace(/^\//, '');
  const p = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const view: ViewName = (VIEWS as readonly string[]).includes(path)
    ? (path as ViewName)
    : DEFAULT_STATE.view;

  const sortRaw = p.get('sort');
  let sort = DEFAULT_STATE.sort;
  if (sortRaw) {
    const [by, dir] = sortRaw.split('.');
    if ((SORT_KEYS as readonly string[]).includes(by ?? '') && (dir === 'asc' || dir === 'desc')) {
      sort = { by: by as StreamSortBy, dir };
    }
  }
  const split = p.get('split');
  let groups = DEFAULT_STATE.groups;
  const groupsRaw = p.get('groups');
  if (groupsRaw) {
    try {
      const parsed = groupsSchema.safeParse(JSON.parse(groupsRaw));
      if (parsed.success) groups = parsed.data.map((g) => ({ name: g.name, filter: cleanFilter(g.filter) }));
    } catch {
      // A hand-edited hash with broken JSON: start the comparison empty rather than fail the page.
    }
  }
  return {
    view,
    filter: cleanFilter(filterFromParams(p)),
    run: int(p.get('run')) ?? null,
    ttftLog: p.get('log') === '1',
    ttftCdf: p.get('cdf') === '1',
    splitSort: split === 'generation' || split === 'consumer' || split === 'share' ? split : 'total',
    sort,
    groups,
  };
}

export function formatHash(s: AppState): string {
  const p = new URLSearchParams();
  const f = cleanFilter(s.filter);
  if (f.sourceId !== undefined) p.set('source', String(f.sourceId));
  if (f.project) p.set('project', f.project);
  if (f.app) p.set('app', f.app);
  if (f.appRefs) p.set('apps', f.appRefs.join(','));
  if (f.partitionKey !== undefined) p.set('pk', f.partitionKey);
  if (f.action) p.set('action', f.action);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.timingSource) p.set('timing', f.timingSource);
  if (f.failed) p.set('failed', f.failed);
  if (s.run !== null) p.set('run', String(s.run));
  if (s.ttftLog) p.set('log', '1');
  if (s.ttftCdf) p.set('cdf', '1');
  if (s.splitSort !== 'total') p.set('split', s.splitSort);
  if (s.sort.by !== DEFAULT_STATE.sort.by || s.sort.dir !== DEFAULT_STATE.sort.dir) {
    p.set('sort', `${s.sort.by}.${s.sort.dir}`);
  }
  if (s.groups.length > 0) p.set('groups', JSON.stringify(s.groups));
  const qs = p.toString();
  return `#/${s.view}${qs ? `?${qs}` : ''}`;
}
