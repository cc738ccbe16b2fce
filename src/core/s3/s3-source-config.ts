import { z } from 'zod';
import { DEFAULT_S3_PREFIX, normalizeS3Prefix } from '../../shared/s3-prefix';

export { DEFAULT_S3_PREFIX, normalizeS3Prefix };

/**
 * Where an S3 source is: a bucket and the prefix that holds Burr's project
 * folders (`data/` for the S3 tracker). Credentials are deliberately not part
 * of it: they come from the standard AWS chain at sync time (environment,
 * ~/.aws profiles, SSO), so nothing secret is ever written to the database.
 * The schema is strict so a stray `accessKeyId` is rejected, not silently stored.
 */

/** A user error in an S3 address or option: the CLI maps it to a usage error (exit 1). */
export class S3ConfigError extends Error {
  override readonly name = 'S3ConfigError';
}

// Permissive on purpose: legacy us-east-1 buckets and S3-compatible stores allow
// uppercase and '_'; what matters here is that the name is one safe path segment.
const BUCKET_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/;
const REGION_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `http://user:pw@host` would put a secret into the database and into error messages. */
function hasNoCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** A prefix becomes local folders in the cache: no '.', '..', backslash or NUL segments. */
export function isSafeKeyPath(key: string): boolean {
  if (key.includes('\0') || key.includes('\\')) return false;
  const segments = key.split('/');
  // A trailing '/' leaves one empty last segment (a folder prefix); empty segments elsewhere are not safe.
  const inner = key.endsWith('/') ? segments.slice(0, -1) : segments;
  return inner.every((s) => s !== '' && s !== '.' && s !== '..');
}

export const s3SourceConfigSchema = z.strictObject({
  bucket: z.string().regex(BUCKET_RE, 'not a valid S3 bucket name'),
  prefix: z
    .string()
    .max(900)
    .default(DEFAULT_S3_PREFIX)
    .transform(normalizeS3Prefix)
    .refine(isSafeKeyPath, 'the prefix must not contain empty, "." or ".." parts, or backslashes'),
  /** Default: AWS_REGION / AWS_DEFAULT_REGION, else us-east-1; a bucket in another region is followed. */
  region: z.string().regex(REGION_RE, 'not a valid region name (e.g. eu-west-1)').optional(),
  /** For S3-compatible stores (MinIO, Ceph, R2, ...): their base URL. */
  endpoint: z
    .url({ protocol: /^https?$/, error: 'the endpoint must be an http:// or https:// URL' })
    .refine(hasNoCredentials, {
      // Never echo the URL: it holds a secret. It would also be stored in sources.config.
      error:
        'the endpoint URL must not carry a user name or password; give credentials through the AWS chain ' +
        '(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a ~/.aws profile with --profile, or SSO)',
    })
    .optional(),
  /** Path-style addressing (`host/bucket/key`); default: on when `endpoint` is set. */
  forcePathStyle: z.boolean().optional(),
  /** A profile of ~/.aws/config and ~/.aws/credentials (SSO profiles too); default: the chain's. */
  profile: z.string().min(1).max(128).optional(),
});

/** What callers may pass (prefix optional). */
export type S3SourceConfigInput = z.input<typeof s3SourceConfigSchema>;
/** Validated and normalized: prefix always set and ending in '/'. */
export type S3SourceConfig = z.output<typeof s3SourceConfigSchema>;

/** Validates a config; a clear S3ConfigError (not a zod dump) when it is wrong. */
export function parseS3SourceConfig(input: unknown): S3SourceConfig {
  const parsed = s3SourceConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new S3ConfigError(`Invalid S3 source: ${where}${issue?.message ?? 'invalid'}.`);
}

/** The `sources.location` of an S3 source: `s3://bucket/prefix/`, one row per bucket prefix. */
export function s3SourceLocation(source: Pick<S3SourceConfig, 'bucket' | 'prefix'>): string {
  return `s3://${source.bucket}/${source.prefix}`;
}

/**
 * Parses `s3://BUCKET[/PREFIX]` (what a user types, or `aws s3 ls` prints),
 * plus the options given next to it. The prefix defaults to `data/`, where
 * Burr's S3 tracker writes; `s3://bucket/data/my-project` (one project) works too.
 */
export function parseS3Url(
  url: string,
  options: Omit<S3SourceConfigInput, 'bucket' | 'prefix'> = {},
): S3SourceConfig {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/i.exec(url.trim());
  if (!match) {
    throw new S3ConfigError(
      `"${url}" is not an S3 address: write it as s3://BUCKET or s3://BUCKET/PREFIX (e.g. s3://my-burr-logs/data).`,
    );
  }
  const [, bucket = '', prefix = ''] = match;
  return parseS3SourceConfig({ ...options, bucket, prefix });
}

/** True when a string looks like an S3 address rather than a local path (CLI arguments). */
export function isS3Url(value: string): boolean {
  return /^s3:\/\//i.test(value.trim());
}
