import type { StreamFilter } from '../../../shared/filter';
import { cleanFilter } from './app-state';

/** The filter in words, for breadcrumbs, compare groups, chart titles and export dialogs. */
export function describeFilter(f: StreamFilter, sourceName?: (id: number) => string | undefined): string {
  const c = cleanFilter(f);
  const parts: string[] = [];
  if (c.sourceId !== undefined) parts.push(`source ${sourceName?.(c.sourceId) ?? `#${c.sourceId}`}`);
  if (c.project) parts.push(`project ${c.project}`);
  if (c.app) parts.push(`app ${c.app}`);
  if (c.appRefs) parts.push(`${c.appRefs.length} picked app${c.appRefs.length === 1 ? '' : 's'}`);
  if (c.partitionKey !== undefined) parts.push(`partition ${c.partitionKey}`);
  if (c.action) parts.push(`action ${c.action}`);
  if (c.from || c.to) parts.push(`time ${c.from ?? '…'} – ${c.to ?? '…'}`);
  if (c.timingSource) parts.push(`${c.timingSource} timing only`);
  if (c.failed === 'only') parts.push('failed only');
  if (c.failed === 'none') parts.push('failed hidden');
  return parts.length > 0 ? parts.join(' · ') : 'all streams';
}
