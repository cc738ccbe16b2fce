import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeFsError } from '../burr/layout';
import { ServiceError } from '../service-error';
import { ensureSourceRow } from '../store/admin-writes';
import { sourceLocations } from '../store/library-queries';
import { removeSource } from '../store/source-admin';
import type { HandlersOf } from './handler-types';
import type { ServiceContext } from './service-context';

type ImportContext = Pick<ServiceContext, 'db' | 'hub' | 'jobs' | 'live' | 's3'>;

/** Adds a folder (or a single log file) as a source, imports it in the background and watches it. */
export function addFolder({ db, hub, jobs, live }: ImportContext, folder: string): { jobId: string } {
  const resolved = path.resolve(folder);
  let openable = false;
  try {
    const stat = statSync(resolved);
    openable = stat.isDirectory() || stat.isFile();
  } catch (error) {
    throw new ServiceError(`Cannot open ${resolved}: ${describeFsError(error, resolved)}.`);
  }
  if (!openable) throw new ServiceError(`Cannot open ${resolved}: not a folder or file.`);
  ensureSourceRow(db, 'folder', resolved);
  hub.emit('data:changed', { reason: 'source added', topics: ['sources'] });
  const jobId = jobs.enqueue({ roots: [resolved] });
  live?.add(resolved);
  return { jobId };
}

/** Sources in and out, and the import jobs that read them. */
export function importHandlers(
  ctx: ImportContext,
): HandlersOf<'sources:add' | 'sources:remove' | 'import:start' | 'import:cancel' | 'import:status'> {
  const { db, hub, jobs, live, s3 } = ctx;
  return {
    'sources:add': async ({ path: folder }) => addFolder(ctx, folder),
    'sources:remove': async ({ sourceId }) => {
      for (const s of sourceLocations(db, [sourceId])) if (s.kind === 'folder') live?.remove(s.location);
      const result = removeSource(db, sourceId);
      hub.emit('data:changed', { reason: 'source removed', topics: ['streams', 'sources', 'problems'] });
      return result;
    },
    'import:start': async ({ sourceIds }) => {
      const sources = sourceLocations(db, sourceIds);
      if (sources.length === 0)
        throw new ServiceError(
          'Nothing to import: open a folder that holds Burr tracker logs first (e.g. ~/.burr).',
        );
      const folders = sources.filter((s) => s.kind === 'folder');
      const present = folders.filter((s) => existsSync(s.location));
      const s3Ids = sources.filter((s) => s.kind === 's3').map((s) => s.id);
      if (present.length === 0 && s3Ids.length === 0) {
        throw new ServiceError(
          `The source folder is gone: ${folders.map((s) => s.location).join(', ')}. Remove it or restore the folder.`,
        );
      }
      const jobIds: string[] = [];
      if (present.length > 0) jobIds.push(jobs.enqueue({ roots: present.map((s) => s.location) }));
      for (const id of s3Ids) {
        const jobId = s3.syncByHand(id);
        if (jobId) jobIds.push(jobId);
      }
      return { jobId: jobIds[0] ?? '' };
    },
    'import:cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'import:status': async () => jobs.status(),
  };
}
