import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../src/core/service';
import { S3_DOWNLOAD, tempDir } from '../helpers/fixtures';
import {
  adminClient,
  createBucket,
  isolateAwsEnv,
  type LocalS3,
  startS3rver,
  uploadTree,
} from '../helpers/s3-server';

let s3: LocalS3;
let admin: S3Client;
let restoreEnv: () => void;

beforeAll(async () => {
  const work = tempDir('stream-lens-service-s3-');
  restoreEnv = isolateAwsEnv(work);
  s3 = await startS3rver(path.join(work, 's3rver'));
  admin = adminClient(s3.endpoint);
  await createBucket(admin, 'team-logs');
  await uploadTree(admin, 'team-logs', S3_DOWNLOAD);
}, 60_000);

afterAll(async () => {
  admin?.destroy();
  await s3?.close();
  restoreEnv?.();
});

describe('S3 sources in the service', () => {
  it('adds a bucket, syncs it in the worker, lists it as a source, and re-syncs only what is new', async () => {
    const service = createService({
      databasePath: path.join(tempDir(), 's3.db'),
      host: 'serve',
      s3AutoSyncMinutes: 0,
    });
    try {
      const added = await service.handlers['sources:add-s3']({
        bucket: 'team-logs',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
      });
      expect(added.jobId).not.toBe('');
      await service.whenIdle();
      const sources = await service.handlers['sources:list']({});
      expect(sources).toMatchObject([{ kind: 's3', location: 's3://team-logs/data/', apps: 4 }]);
      const projects = await service.handlers['library:projects']({});
      expect(projects.map((p) => [p.name, p.streams])).toEqual([['chatbot-s3', 12]]);
      await service.handlers['import:start']({});
      await service.whenIdle();
      const status = await service.handlers['import:status']({});
      expect(status.last).toMatchObject({ lines: 0 });
    } finally {
      service.close();
    }
  });

  it('refuses a missing bucket with a message that says what to do, and adds nothing', async () => {
    const service = createService({
      databasePath: path.join(tempDir(), 's3-bad.db'),
      host: 'serve',
      s3AutoSyncMinutes: 0,
    });
    try {
      await expect(
        service.handlers['sources:add-s3']({
          bucket: 'not-there',
          endpoint: s3.endpoint,
          forcePathStyle: true,
          region: 'us-east-1',
        }),
      ).rejects.toThrow(/not-there/);
      expect(await service.handlers['sources:list']({})).toEqual([]);
    } finally {
      service.close();
    }
  });
});
