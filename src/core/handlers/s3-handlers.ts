import { S3SyncError } from '../s3/s3-errors';
import { checkS3Source, registerS3Source } from '../s3/s3-source-admin';
import { S3ConfigError } from '../s3/s3-source-config';
import { ServiceError } from '../service-error';
import type { HandlersOf } from './handler-types';
import type { ServiceContext } from './service-context';

/** Adding a bucket: checked against the bucket itself before anything is stored, then synced. */
export function s3Handlers({
  db,
  hub,
  s3,
}: Pick<ServiceContext, 'db' | 'hub' | 's3'>): HandlersOf<'sources:add-s3'> {
  return {
    'sources:add-s3': async (request) => {
      let checked: Awaited<ReturnType<typeof checkS3Source>>;
      try {
        checked = await checkS3Source(request);
      } catch (error) {
        if (error instanceof S3SyncError || error instanceof S3ConfigError)
          throw new ServiceError(error.message);
        throw error;
      }
      const { sourceId } = registerS3Source(db, checked.config);
      hub.emit('data:changed', { reason: 'source added', topics: ['sources'] });
      return { sourceId, jobId: s3.enqueue(sourceId) ?? '' };
    },
  };
}
