/**
 * What can go wrong talking to a bucket, sorted into the few cases a user can
 * act on, each with a message that says what to do. Also decides which
 * failures are worth retrying (throttling, 5xx, dropped connections).
 */

export type S3SyncErrorKind = 'credentials' | 'no-bucket' | 'access-denied' | 'network' | 'other';

export class S3SyncError extends Error {
  override readonly name = 'S3SyncError';

  constructor(
    readonly kind: S3SyncErrorKind,
    message: string,
    /** The S3 error code or Node error code underneath (`InvalidAccessKeyId`, `ECONNREFUSED`), when known. */
    readonly code: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Raised inside a sync when `shouldCancel` turned true; never escapes `syncS3Source`. */
export class S3SyncCancelled extends Error {
  override readonly name = 'S3SyncCancelled';
}

export interface S3ErrorContext {
  bucket: string;
  prefix: string;
  endpoint?: string;
  profile?: string;
  region?: string;
}

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'CredentialsProviderError',
  'TokenProviderError',
]);
const NO_BUCKET_CODES = new Set(['NoSuchBucket', 'InvalidBucketName']);
const ACCESS_CODES = new Set(['AccessDenied', 'AllAccessDisabled', 'AccountProblem', 'Forbidden']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'TimeoutError',
  'NetworkingError',
]);
/** Server-side trouble that usually passes: retried with backoff. */
const TRANSIENT_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'IncompleteBody',
  'ShortDownload',
]);

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function httpStatus(error: unknown): number | null {
  const status = field(field(error, '$metadata'), 'httpStatusCode');
  return typeof status === 'number' ? status : null;
}

/**
 * The most specific code on an error: an S3 error name (`NoSuchBucket`), or a
 * Node errno code, looking through `cause` and AggregateError members (Node's
 * happy-eyeballs connect reports ECONNREFUSED that way).
 */
export function errorCode(error: unknown, depth = 0): string | null {
  if (depth > 4 || typeof error !== 'object' || error === null) return null;
  const code = field(error, 'code');
  if (typeof code === 'string' && code !== '') return code;
  const s3Code = field(error, 'Code');
  if (typeof s3Code === 'string' && s3Code !== '') return s3Code;
  const name = field(error, 'name');
  // SDK service exceptions carry the S3 code as their name; a bare Error says nothing.
  if (
    typeof name === 'string' &&
    name !== 'Error' &&
    name !== 'AggregateError' &&
    field(error, '$metadata') !== undefined
  )
    return name;
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || name === 'TimeoutError')
    return name;
  const inner = field(error, 'errors');
  if (Array.isArray(inner)) {
    for (const e of inner) {
      const c = errorCode(e, depth + 1);
      if (c) return c;
    }
  }
  return errorCode(field(error, 'cause'), depth + 1);
}

/** Worth another try after a pause: throttling, 5xx, a dropped or refused connection. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof S3SyncCancelled) return false;
  if (error instanceof S3SyncError) return error.kind === 'network';
  const code = errorCode(error);
  if (code && (NETWORK_CODES.has(code) || TRANSIENT_CODES.has(code))) return true;
  const status = httpStatus(error);
  if (status !== null && (status >= 500 || status === 429)) return true;
  // A body that ended early surfaces from the stream, sometimes with no code at all.
  const message = error instanceof Error ? error.message : '';
  return /socket hang up|aborted|premature close/i.test(message);
}

export function classifyS3Error(error: unknown): S3SyncErrorKind {
  if (error instanceof S3SyncError) return error.kind;
  const code = errorCode(error);
  const status = httpStatus(error);
  if (code && CREDENTIAL_CODES.has(code)) return 'credentials';
  if (code && NO_BUCKET_CODES.has(code)) return 'no-bucket';
  if ((code && ACCESS_CODES.has(code)) || status === 403) return 'access-denied';
  if (code && NETWORK_CODES.has(code)) return 'network';
  if (status === null && isRetryable(error)) return 'network';
  return 'other';
}

/** Wraps any failure of an S3 call into an S3SyncError whose message says what to do next. */
export function toS3SyncError(error: unknown, ctx: S3ErrorContext): S3SyncError {
  if (error instanceof S3SyncError) return error;
  const kind = classifyS3Error(error);
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const where = `s3://${ctx.bucket}/${ctx.prefix}${ctx.endpoint ? ` at ${ctx.endpoint}` : ''}`;
  const tag = code ? ` (${code})` : '';
  const profileHint = ctx.profile
    ? `the profile "${ctx.profile}" in ~/.aws/credentials and ~/.aws/config, or run "aws sso login --profile ${ctx.profile}" if it signs in with SSO`
    : 'an AWS profile (AWS_PROFILE), or run "aws sso login" if you sign in with SSO';
  let message: string;
  switch (kind) {
    case 'credentials':
      message =
        code === 'CredentialsProviderError' || code === 'TokenProviderError'
          ? `No usable AWS credentials for ${where}: ${detail}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or choose ${profileHint}; then sync again.`
          : `S3 did not accept the AWS credentials for ${where}${tag}. Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or ${profileHint}; then sync again.`;
      break;
    case 'no-bucket':
      message = `The bucket "${ctx.bucket}" does not exist${ctx.endpoint ? ` at ${ctx.endpoint}` : ''}${tag}. Check the bucket name in the s3:// address${ctx.endpoint ? ' and the endpoint' : ' (and the endpoint, for an S3-compatible store)'}.`;
      break;
    case 'access-denied':
      message = `Access denied to ${where}${tag}. The credentials in use need s3:ListBucket on the bucket and s3:GetObject on ${ctx.prefix}*; ask the bucket owner for them, or use another AWS profile.`;
      break;
    case 'network':
      message = `Cannot reach ${ctx.endpoint ?? 'S3'} for ${where}${tag}: ${detail}. Check the network connection (proxy, VPN)${ctx.endpoint ? ' and that the S3-compatible server is running' : ''}, then sync again.`;
      break;
    default:
      message = `S3 error for ${where}${tag}: ${detail}${/region/i.test(detail) ? ' Check the region.' : ''}`;
  }
  return new S3SyncError(kind, message, code, { cause: error });
}
