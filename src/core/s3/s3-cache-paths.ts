import path from 'node:path';

/** The cache folder of a source's bucket, e.g. for a "Show in folder" or a cache-size display. */
export function s3CacheRoot(cacheDir: string, bucket: string): string {
  return path.join(path.resolve(cacheDir), bucket);
}

/** Where the app keeps its S3 cache by default: next to its database. */
export function defaultS3CacheDir(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), 's3-cache');
}
