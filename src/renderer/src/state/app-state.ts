import type { RequestOf } from '../../../shared/contract';
import type { StreamFilter } from '../../../shared/filter';

export const VIEWS = ['dashboard', 'streams', 'runs', 'compare', 'problems'] as const;
export type ViewName = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<ViewName, string> = {
  dashboard: 'Dashboard',
  streams: 'Streams',
  runs: 'Runs',
  compare: 'Compare',
  problems: 'Problems',
};

export type SplitSort = NonNullable<RequestOf<'dashboard:get'>['splitSort']>;
export type StreamSort = NonNullable<RequestOf<'streams:query'>['sort']>;
export type StreamSortBy = StreamSort['by'];

export interface CompareGroup {
  name: string;
  filter: StreamFilter;
}

/** Everything a view needs to be restored from the URL hash (serve) or window state (desktop). */
export interface AppState {
  view: ViewName;
  filter: StreamFilter;
  /** The app (database id) open in the Runs view; null shows the list of apps. */
  run: number | null;
  ttftLog: boolean;
  ttftCdf: boolean;
  splitSort: SplitSort;
  sort: StreamSort;
  groups: CompareGroup[];
}

export const DEFAULT_SORT: StreamSort = { by: 'stream_start', dir: 'desc' };

export const DEFAULT_STATE: AppState = {
  view: 'dashboard',
  filter: {},
  run: null,
  ttftLog: false,
  ttftCdf: false,
  splitSort: 'total',
  sort: DEFAULT_SORT,
  groups: [],
};

/**
 * The filter with empty fields dropped and keys in one order, so two equal selections give the same
 * request key (and the same hash) however they were built.
 */
export function cleanFilter(f: StreamFilter): StreamFilter {
  const out: StreamFilter = {};
  if (f.sourceId !== undefined) out.sourceId = f.sourceId;
  if (f.project) out.project = f.project;
  if (f.app?.trim()) out.app = f.app.trim();
  if (f.appRefs && f.appRefs.length > 0) out.appRefs = [...f.appRefs];
  if (f.partitionKey !== undefined && f.partitionKey !== '') out.partitionKey = f.partitionKey;
  if (f.action) out.action = f.action;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.timingSource) out.timingSource = f.timingSource;
  if (f.failed && f.failed !== 'any') out.failed = f.failed;
  return out;
}

export function isEmptyFilter(f: StreamFilter): boolean {
  return Object.keys(cleanFilter(f)).length === 0;
}
