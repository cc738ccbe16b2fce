import type { DataTopic } from '../../shared/contract';
import type { ImportSummary } from '../importer/import-types';

/**
 * What an import changed, for `data:changed`: the sources always (last import time, file counts);
 * the streams unless the import names the apps it changed and there are none (a live re-import of
 * a line that was not a stream's); Problems only when they changed. A failed import (no summary)
 * may have changed anything.
 */
export function importTopics(summary: ImportSummary | null, problemsChanged: boolean): DataTopic[] {
  if (!summary) return ['streams', 'sources', 'problems'];
  const topics: DataTopic[] = ['sources'];
  if (summary.changed_apps === undefined || summary.changed_apps.length > 0) topics.push('streams');
  if (problemsChanged) topics.push('problems');
  return topics;
}
