import { classifyPath } from '../burr/layout';
import type { StoreDatabase } from '../store/open-store';
import { s3FileStates } from '../store/s3-state';
import { sizeOnDisk } from './cached-file';
import { cachePathForKey, parseS3ObjectMeta, type S3ObjectMeta } from './s3-download';
import type { ListedObject } from './s3-listing';
import type { S3SyncSummary } from './s3-sync-types';

/** What a sync does with each listed object of a page, and how far a page is finished. */

export type ItemState = 'ignored' | 'imported' | 'cached' | 'download';

export interface Item {
  object: ListedObject;
  path: string | null;
  state: ItemState;
  meta: S3ObjectMeta | null;
  /** Deleted from the bucket between listing and download. */
  vanished: boolean;
}

/** Decides per object: nothing to do, import from the cache, or download first. */
export function planPage(
  db: StoreDatabase,
  cacheDir: string,
  bucket: string,
  objects: readonly ListedObject[],
  totals: S3SyncSummary,
): Item[] {
  const paths = objects.map((o) => cachePathForKey(cacheDir, bucket, o.key));
  const states = s3FileStates(
    db,
    paths.filter((p): p is string => p !== null),
  );
  return objects.map((object, i): Item => {
    const p = paths[i] ?? null;
    const item: Item = { object, path: p, state: 'ignored', meta: null, vanished: false };
    const classified = p ? classifyPath(p) : null;
    if (!p || !classified || classified.layout !== 's3') {
      totals.ignored++;
      if (!p)
        totals.errors.push({
          path: `s3://${bucket}/${object.key}`,
          message: 'skipped: the key cannot be a local file name safely',
        });
      return item;
    }
    totals.listed++;
    const row = states.get(p);
    const stored = parseS3ObjectMeta(row?.s3Meta ?? null);
    // S3 objects are immutable unless someone overwrote the key: a new ETag means new content.
    const replaced = stored?.etag != null && object.etag != null && stored.etag !== object.etag;
    item.meta = replaced ? null : stored;
    const onDisk = sizeOnDisk(p);
    if (row && !replaced && row.size === object.size && (row.importedAt !== null || row.error !== null)) {
      // Imported; the library reads lines back from the cached file, so a file lost from the
      // cache is fetched again (the importer then finds nothing new in it).
      if (onDisk === object.size) {
        item.state = 'imported';
        totals.skipped++;
        return item;
      }
    }
    item.state = !replaced && onDisk === object.size ? 'cached' : 'download';
    if (item.state === 'cached') totals.skipped++;
    return item;
  });
}

/** The last key of the page up to which every object is finished (imported, or nothing to do). */
export function lastContiguousDone(db: StoreDatabase, items: readonly Item[]): string | null {
  const paths = items.map((i) => i.path).filter((p): p is string => p !== null);
  const states = s3FileStates(db, paths);
  let last: string | null = null;
  for (const item of items) {
    const row = item.path ? states.get(item.path) : undefined;
    const done =
      item.state === 'ignored' ||
      item.vanished ||
      (row !== undefined && row.size === item.object.size && (row.importedAt !== null || row.error !== null));
    if (!done) break;
    last = item.object.key;
  }
  return last;
}
