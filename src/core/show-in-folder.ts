import type { ParsedRequestOf } from '../shared/contract';
import { ServiceError } from './service-error';
import { recordedFile, recordedSource } from './store/file-queries';
import type { StoreDatabase } from './store/open-store';

/** What "Show in folder" can point at: a source or one imported file, by id (never a path from the page). */
export type ShowInFolderRequest = ParsedRequestOf<'shell:show-in-folder'>;

/** The path the library recorded for a source or a file; the host shows it in the system's file manager. */
export function recordedPathFor(db: StoreDatabase, request: ShowInFolderRequest): string {
  if ('sourceId' in request) {
    const source = recordedSource(db, request.sourceId);
    if (!source) throw new ServiceError('That source is no longer in the library.');
    if (source.kind !== 'folder') {
      throw new ServiceError(
        `${source.location} is an S3 bucket: it has no folder on this computer to show.`,
      );
    }
    return source.location;
  }
  const file = recordedFile(db, request.fileRef);
  if (!file) throw new ServiceError('That file is no longer in the library.');
  return file.path;
}
