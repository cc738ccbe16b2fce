import type { DataTopic, EventOf, MethodName } from '../../../shared/contract';

/**
 * Which data each query reads, so a `data:changed` refetches only the queries it concerns: an
 * import's new streams do not refetch Problems' notices list unless Problems changed too, and a
 * source added refetches the source list, not the dashboards. Methods absent here are never
 * refetched by a data change: app:info; import:status (it follows the import events); events:read
 * (a recorded line at its offset never changes, and it can be megabytes).
 */
export const QUERY_TOPICS: Partial<Record<MethodName, readonly DataTopic[]>> = {
  'sources:list': ['sources'],
  'library:projects': ['streams', 'sources'],
  'library:apps': ['streams', 'sources'],
  'filters:options': ['streams'],
  'dashboard:get': ['streams'],
  'streams:query': ['streams'],
  'runs:get': ['streams'],
  'problems:list': ['problems'],
  'compare:run': ['streams'],
  'problems:timing': ['streams'],
  'slo:get': ['settings'],
};

export type DataChange = Pick<EventOf<'data:changed'>, 'topics' | 'apps'>;

/** The key every contract query is cached under. */
export type ApiQueryKey = readonly [MethodName, unknown];

/** Whether a cached query must be fetched again after `change`. */
export function isStaleAfter(key: readonly unknown[], change: DataChange): boolean {
  const [method, request] = key as ApiQueryKey;
  const reads = QUERY_TOPICS[method] ?? [];
  if (!reads.some((topic) => change.topics.includes(topic))) return false;
  // A run reads only its own app's rows: an import that names the apps it changed leaves the others.
  if (method === 'runs:get' && change.apps) {
    const appRef = (request as { appRef?: number } | undefined)?.appRef;
    return appRef === undefined || change.apps.includes(appRef);
  }
  return true;
}

/** Several changes within one throttle window, as one: every topic, and the apps if all named theirs. */
export function mergeChanges(a: DataChange | null, b: DataChange): DataChange {
  if (!a) return { topics: [...b.topics], ...(b.apps ? { apps: [...b.apps] } : {}) };
  const topics = [...new Set([...a.topics, ...b.topics])];
  const apps = a.apps && b.apps ? [...new Set([...a.apps, ...b.apps])] : undefined;
  return { topics, ...(apps ? { apps } : {}) };
}
