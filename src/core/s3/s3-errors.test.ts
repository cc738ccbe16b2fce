import { describe, expect, it } from 'vitest';
import { classifyS3Error, errorCode, isRetryable, S3SyncCancelled, toS3SyncError } from './s3-errors';
import { backoffDelay, withRetry } from './s3-retry';

/** The shape of an SDK service exception: its name is the S3 error code. */
function serviceError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

function nodeError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
}

const ctx = { bucket: 'logs', prefix: 'data/', endpoint: 'http://127.0.0.1:9000' };

describe('classifyS3Error', () => {
  it.each([
    ['InvalidAccessKeyId', 403, 'credentials'],
    ['SignatureDoesNotMatch', 403, 'credentials'],
    ['ExpiredToken', 400, 'credentials'],
    ['NoSuchBucket', 404, 'no-bucket'],
    ['AccessDenied', 403, 'access-denied'],
    ['Forbidden', 403, 'access-denied'],
    ['SlowDown', 503, 'other'],
    ['InternalError', 500, 'other'],
  ] as const)('%s (%i) is %s', (name, status, kind) => {
    expect(classifyS3Error(serviceError(name, status))).toBe(kind);
  });

  it('sees a refused connection inside an AggregateError (happy eyeballs)', () => {
    const error = new AggregateError(
      [nodeError('ECONNREFUSED'), nodeError('ECONNREFUSED')],
      'connect failed',
    );
    expect(errorCode(error)).toBe('ECONNREFUSED');
    expect(classifyS3Error(error)).toBe('network');
  });

  it('sees missing credentials from the provider chain', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(classifyS3Error(error)).toBe('credentials');
    expect(toS3SyncError(error, { ...ctx, profile: 'work' }).message).toMatch(
      /No usable AWS credentials.*profile "work".*aws sso login --profile work/,
    );
  });

  it('writes messages that say what to do', () => {
    expect(toS3SyncError(serviceError('SignatureDoesNotMatch', 403), ctx).message).toMatch(
      /did not accept the AWS credentials .*\(SignatureDoesNotMatch\).*AWS_SECRET_ACCESS_KEY/,
    );
    expect(toS3SyncError(nodeError('ENOTFOUND'), { bucket: 'logs', prefix: 'data/' }).message).toMatch(
      /Cannot reach S3 .*network connection/,
    );
  });
});

describe('isRetryable', () => {
  it('retries throttling, 5xx and dropped connections, not client errors', () => {
    expect(isRetryable(serviceError('SlowDown', 503))).toBe(true);
    expect(isRetryable(serviceError('InternalError', 500))).toBe(true);
    expect(isRetryable(serviceError('Whatever', 502))).toBe(true);
    expect(isRetryable(nodeError('ECONNRESET'))).toBe(true);
    expect(isRetryable(new Error('aborted'))).toBe(true);
    expect(isRetryable(serviceError('NoSuchBucket', 404))).toBe(false);
    expect(isRetryable(serviceError('AccessDenied', 403))).toBe(false);
    expect(isRetryable(serviceError('InvalidAccessKeyId', 403))).toBe(false);
    expect(isRetryable(new S3SyncCancelled('x'))).toBe(false);
  });
});

describe('withRetry', () => {
  const policy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 };

  it('retries up to the attempts, then throws the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw serviceError('SlowDown', 503);
        },
        policy,
        () => false,
      ),
    ).rejects.toThrow('SlowDown');
    expect(calls).toBe(4);
  });

  it('returns as soon as one attempt succeeds, and never retries a permanent error', async () => {
    let calls = 0;
    expect(
      await withRetry(
        async () => {
          if (++calls < 3) throw nodeError('ECONNRESET');
          return 'ok';
        },
        policy,
        () => false,
      ),
    ).toBe('ok');
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw serviceError('NoSuchBucket', 404);
        },
        policy,
        () => false,
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('stops waiting when cancelled', async () => {
    let cancel = false;
    const slow = { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const started = Date.now();
    const run = withRetry(
      async () => {
        throw serviceError('SlowDown', 503);
      },
      slow,
      () => cancel,
    );
    setTimeout(() => {
      cancel = true;
    }, 20);
    await expect(run).rejects.toBeInstanceOf(S3SyncCancelled);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('backs off exponentially, with jitter, up to the ceiling', () => {
    const p = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(1, p, () => 0)).toBe(50);
    expect(backoffDelay(1, p, () => 1)).toBe(100);
    expect(backoffDelay(3, p, () => 1)).toBe(400);
    expect(backoffDelay(9, p, () => 1)).toBe(1_000);
  });
});
