import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_COUNTS, S3_DOWNLOAD, tempDir } from '../helpers/fixtures';
import { type LocalS3, startBucketWith } from '../helpers/s3-server';

const CLI = path.resolve(import.meta.dirname, '../../bin/stream-lens.mjs');
let s3: LocalS3;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ s3, stop } = await startBucketWith(tempDir('stream-lens-cli-s3-'), 'burr-logs', S3_DOWNLOAD));
}, 60_000);

afterAll(async () => {
  await stop?.();
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: process.env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stream-lens import s3://', () => {
  it('syncs a bucket with the same --json summary as a folder import, then syncs nothing new', () => {
    const db = path.join(tempDir(), 'cli-s3.db');
    const first = cli([
      'import',
      's3://burr-logs',
      '--endpoint',
      s3.endpoint,
      '--region',
      'us-east-1',
      '--db',
      db,
      '--json',
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.projects['chatbot-s3']).toEqual(FIXTURE_COUNTS['chatbot-s3']);
    expect(summary.downloaded).toBeGreaterThan(0);
    const second = JSON.parse(
      cli(['import', 's3://burr-logs', '--endpoint', s3.endpoint, '--db', db, '--json']).stdout,
    );
    expect(second).toMatchObject({ downloaded: 0, lines: 0 });
  });

  it('says what went wrong for a missing bucket (exit 2) and a bad URL (exit 1)', () => {
    const db = path.join(tempDir(), 'cli-s3-bad.db');
    const missing = cli(['import', 's3://no-such-bucket', '--endpoint', s3.endpoint, '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-bucket/);
    expect(cli(['import', 's3://', '--db', db]).code).toBe(1);
  });

  it('refuses a password in the endpoint URL (exit 1), never printing it', () => {
    const db = path.join(tempDir(), 'cli-s3-secret.db');
    const withSecret = s3.endpoint.replace('http://', 'http://admin:hunter2@');
    const r = cli(['import', 's3://burr-logs', '--endpoint', withSecret, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/must not carry a user name or password/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/hunter2/);
  });
});
