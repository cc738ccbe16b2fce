import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { errorCode, S3SyncCancelled } from './s3-errors';
import type { ListedObject } from './s3-listing';
import { isSafeKeyPath } from './s3-source-config';

/**
 * Downloads one object into the local cache. The bytes go to `<file>.part`
 * and the file appears under its real name only once complete (a rename), so
 * the importer never sees half an object. A `.part` left by a crash or a
 * cancel is continued with a Range request rather than started over.
 */

/** What S3 says about one object: stored as JSON in `files.s3_meta`. */
export interface S3ObjectMeta {
  key: string;
  size: number;
  etag: string | null;
  lastModified: string | null;
  /** User metadata as S3 returns it (lower-case names, string values): Burr writes min_sequence_id, max_sequence_id, tracker_id. */
  metadata: Record<string, string>;
}

export interface DownloadResult {
  /** Bytes received in this call (less than the size when a `.part` was continued). */
  bytes: number;
  resumed: boolean;
  meta: S3ObjectMeta;
}

/** The body ended short of the listed size: retried (the `.part` keeps what arrived). */
export class ShortDownloadError extends Error {
  override readonly name = 'ShortDownloadError';
  readonly code = 'ShortDownload';
}

/**
 * `<cacheDir>/<bucket>/<key>`, mirroring the bucket, or null for a key that
 * cannot be a local path safely ('..', empty parts, backslashes): a bucket's
 * content must never write outside the cache.
 */
export function cachePathForKey(cacheDir: string, bucket: string, key: string): string | null {
  if (!isSafeKeyPath(key) || key.endsWith('/') || !isSafeKeyPath(bucket) || bucket.includes('/')) return null;
  return path.join(path.resolve(cacheDir), bucket, ...key.split('/'));
}

export function partPath(file: string): string {
  return `${file}.part`;
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

function toMeta(
  object: ListedObject,
  out: { ETag?: string; LastModified?: Date; Metadata?: Record<string, string> },
): S3ObjectMeta {
  const lastModified = out.LastModified ?? object.lastModified;
  return {
    key: object.key,
    size: object.size,
    etag: out.ETag ?? object.etag,
    lastModified: lastModified ? lastModified.toISOString() : null,
    metadata: { ...(out.Metadata ?? {}) },
  };
}

export interface DownloadRequest {
  client: S3Client;
  bucket: string;
  object: ListedObject;
  dest: string;
  shouldCancel: () => boolean;
  onBytes: (n: number) => void;
  /** A body that sends nothing for this long is abandoned (and retried by the caller). */
  idleTimeoutMs: number;
}

/** No byte for too long: the connection is alive but stuck. Retryable. */
export class IdleTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'TimeoutError';
}

/** One attempt; the caller retries. Throws S3SyncCancelled when cancelled mid-body (the `.part` stays). */
export async function downloadObject(req: DownloadRequest): Promise<DownloadResult> {
  const { client, bucket, object, dest } = req;
  const part = partPath(dest);
  await mkdir(path.dirname(dest), { recursive: true });
  let have = (await sizeOf(part)) ?? 0;
  if (have >= object.size) {
    // Longer than the object, or complete but not renamed: cheaper to fetch again than to trust it.
    await rm(part, { force: true });
    have = 0;
  }

  const get = async (from: number) => {
    try {
      return await client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: object.key,
          ...(from > 0 ? { Range: `bytes=${from}-`, ...(object.etag ? { IfMatch: object.etag } : {}) } : {}),
        }),
      );
    } catch (error) {
      // The object changed since the `.part` was begun: start over from byte 0.
      const code = errorCode(error);
      if (from > 0 && (code === 'PreconditionFailed' || code === 'InvalidRange')) {
        await rm(part, { force: true });
        return null;
      }
      throw error;
    }
  };

  let from = have;
  let out = await get(from);
  if (out === null) {
    from = 0;
    out = await get(0);
  }
  if (out === null)
    throw new ShortDownloadError(`${object.key}: the object could not be read from its start`);
  const partial =
    out.$metadata.httpStatusCode === 206 && (out.ContentRange ?? '').startsWith(`bytes ${from}-`);
  const sameObject = !object.etag || !out.ETag || out.ETag === object.etag;
  const append = from > 0 && partial && sameObject;
  if (from > 0 && !append) {
    // The server sent the whole object (no Range support) or another version of it.
    if (out.Body instanceof Readable) out.Body.destroy();
    await rm(part, { force: true });
    from = 0;
    out = await get(0);
    if (out === null)
      throw new ShortDownloadError(`${object.key}: the object could not be read from its start`);
  }

  const body = out.Body;
  if (!(body instanceof Readable)) throw new Error(`${object.key}: S3 returned no readable body`);
  let bytes = 0;
  const { shouldCancel, onBytes, idleTimeoutMs } = req;
  // The SDK's socket timeout covers the connection; this covers a body that stops
  // arriving whatever the socket does, and wakes up to notice a cancel.
  let quietSince = Date.now();
  const watchdog = setInterval(
    () => {
      if (shouldCancel()) body.destroy(new S3SyncCancelled('cancelled'));
      else if (Date.now() - quietSince > idleTimeoutMs)
        body.destroy(new IdleTimeoutError(`${object.key}: no data for ${idleTimeoutMs} ms`));
    },
    Math.max(25, Math.min(1_000, Math.floor(idleTimeoutMs / 4))),
  );
  try {
    await pipeline(
      body,
      async function* guard(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          if (shouldCancel()) throw new S3SyncCancelled('cancelled');
          quietSince = Date.now();
          bytes += chunk.length;
          onBytes(chunk.length);
          yield chunk;
        }
      },
      createWriteStream(part, { flags: append ? 'a' : 'w' }),
    );
  } finally {
    clearInterval(watchdog);
  }

  const got = (await sizeOf(part)) ?? 0;
  if (got !== object.size) {
    // More than listed means another object under the same key: start clean next time.
    if (got > object.size) await rm(part, { force: true });
    throw new ShortDownloadError(`${object.key}: received ${got} of ${object.size} bytes`);
  }
  const meta = toMeta(object, out);
  if (meta.lastModified) {
    // The cache file carries the object's time, so "last written" in the library means the upload time.
    const t = new Date(meta.lastModified);
    await utimes(part, t, t);
  }
  await rename(part, dest);
  return { bytes, resumed: append, meta };
}

/** The metadata of an object already in the cache whose metadata was never stored (a crash between the two). */
export async function headObjectMeta(
  client: S3Client,
  bucket: string,
  object: ListedObject,
): Promise<S3ObjectMeta> {
  const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: object.key }));
  return toMeta(object, out);
}

export function parseS3ObjectMeta(json: string | null): S3ObjectMeta | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Partial<S3ObjectMeta>;
    return typeof value === 'object' && value !== null && typeof value.key === 'string'
      ? (value as S3ObjectMeta)
      : null;
  } catch {
    return null;
  }
}
