import { S3Client } from '@aws-sdk/client-s3';
import type { S3SourceConfig } from './s3-source-config';

export interface S3ClientTuning {
  /** Parallel connections: the download concurrency. */
  maxSockets: number;
  /** Give up connecting after this long (a host that swallows packets). */
  connectTimeoutMs: number;
  /** Give up on a response or body that sends nothing for this long (a stalled download). */
  idleTimeoutMs: number;
}

export const DEFAULT_CLIENT_TUNING: S3ClientTuning = {
  maxSockets: 8,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
};

/** The region to sign for when the source names none: the usual environment variables, else us-east-1. */
export function defaultRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

/**
 * An S3 client for one source. Credentials are left to the SDK's default
 * provider chain (environment, ~/.aws profiles, SSO, web identity, container
 * and instance roles); `profile` picks a profile for that chain, exactly like
 * AWS_PROFILE but for this client only.
 */
export function createS3Client(
  source: S3SourceConfig,
  tuning: S3ClientTuning = DEFAULT_CLIENT_TUNING,
): S3Client {
  const agent = { keepAlive: true, maxSockets: tuning.maxSockets };
  return new S3Client({
    region: source.region ?? defaultRegion(),
    ...(source.profile ? { profile: source.profile } : {}),
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    // S3-compatible stores mostly serve path-style only; AWS prefers virtual-host style.
    forcePathStyle: source.forcePathStyle ?? source.endpoint !== undefined,
    // A bucket in another region than the one guessed is followed instead of failing.
    followRegionRedirects: true,
    // Retries are ours (s3-retry): a download's body can fail after the SDK has returned,
    // and two retry layers would multiply the attempts.
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: tuning.connectTimeoutMs,
      socketTimeout: tuning.idleTimeoutMs,
      httpAgent: agent,
      httpsAgent: agent,
    },
  });
}
