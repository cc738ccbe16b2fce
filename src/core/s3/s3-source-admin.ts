import type { StoreDatabase } from '../store/open-store';
import { getS3Source, listS3Sources, upsertS3Source } from '../store/s3-state';
import { createS3Client, DEFAULT_CLIENT_TUNING, defaultRegion } from './s3-client';
import { S3SyncCancelled, toS3SyncError } from './s3-errors';
import { listCall, listProjects } from './s3-listing';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './s3-retry';
import {
  parseS3SourceConfig,
  S3ConfigError,
  type S3SourceConfig,
  type S3SourceConfigInput,
  s3SourceLocation,
} from './s3-source-config';

/**
 * What a host needs around a sync: check that a bucket answers before adding
 * it, add it as a source, and read a stored source's config back.
 */

export interface RegisteredS3Source {
  sourceId: number;
  location: string;
  config: S3SourceConfig;
}

/**
 * Lists the bucket's projects once, with the same credentials chain and
 * errors as a sync, and writes nothing: "Add S3 source" can refuse a typo'd
 * bucket or missing credentials at once.
 */
export async function checkS3Source(
  input: S3SourceConfigInput,
  options: { retry?: Partial<RetryPolicy>; shouldCancel?: () => boolean } = {},
): Promise<{ config: S3SourceConfig; projects: string[] }> {
  const config = parseS3SourceConfig(input);
  const client = createS3Client(config, { ...DEFAULT_CLIENT_TUNING, maxSockets: 1 });
  const list = listCall(client, config.bucket);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const shouldCancel = options.shouldCancel ?? (() => false);
  try {
    const projects = await listProjects((i) => withRetry(() => list(i), retry, shouldCancel), config.prefix);
    return { config, projects: projects.map((p) => p.name) };
  } catch (error) {
    if (error instanceof S3SyncCancelled) throw error;
    throw toS3SyncError(error, {
      bucket: config.bucket,
      prefix: config.prefix,
      region: config.region ?? defaultRegion(),
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.profile ? { profile: config.profile } : {}),
    });
  } finally {
    client.destroy();
  }
}

/** Adds (or updates) the `sources` row of a bucket prefix; nothing is synced yet. */
export function registerS3Source(db: StoreDatabase, input: S3SourceConfigInput): RegisteredS3Source {
  const config = parseS3SourceConfig(input);
  const location = s3SourceLocation(config);
  return { sourceId: upsertS3Source(db, location, JSON.stringify(config)), location, config };
}

function fromRow(row: { id: number; location: string; config: string | null }): RegisteredS3Source {
  let value: unknown;
  try {
    value = JSON.parse(row.config ?? 'null');
  } catch {
    value = null;
  }
  if (value === null) {
    throw new S3ConfigError(
      `The S3 source ${row.location} has no readable settings: remove it and add the bucket again.`,
    );
  }
  return { sourceId: row.id, location: row.location, config: parseS3SourceConfig(value) };
}

/** A stored S3 source's config, validated again (the database may come from another version). */
export function loadS3Source(db: StoreDatabase, sourceId: number): RegisteredS3Source | null {
  const row = getS3Source(db, sourceId);
  return row ? fromRow(row) : null;
}

/**
 * Every S3 source, for "sync all" and the periodic sync. A row whose settings
 * no longer validate is reported apart, so it cannot stop the others.
 */
export function loadS3Sources(db: StoreDatabase): {
  sources: RegisteredS3Source[];
  invalid: { sourceId: number; location: string; message: string }[];
} {
  const sources: RegisteredS3Source[] = [];
  const invalid: { sourceId: number; location: string; message: string }[] = [];
  for (const row of listS3Sources(db)) {
    try {
      sources.push(fromRow(row));
    } catch (error) {
      invalid.push({ sourceId: row.id, location: row.location, message: (error as Error).message });
    }
  }
  return { sources, invalid };
}
