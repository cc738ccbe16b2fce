import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../src/core/service';
import { S3_DOWNLOAD, tempDir } from '../helpers/fixtures';
import { type LocalS3, startBucketWith } from '../helpers/s3-server';

let s3: LocalS3;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ s3, stop } = await startBucketWith(tempDir('stream-lens-service-s3-'), 'team-logs', S3_DOWNLOAD));
}, 60_000);

afterAll(async () => {
  await stop?.();
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

  it('refuses an endpoint URL with a password, and stores nothing', async () => {
    const service = createService({
      databasePath: path.join(tempDir(), 's3-secret.db'),
      host: 'serve',
      s3AutoSyncMinutes: 0,
    });
    try {
      const endpoint = s3.endpoint.replace('http://', 'http://admin:hunter2@');
      const attempt = service.handlers['sources:add-s3']({
        bucket: 'team-logs',
        endpoint,
        region: 'us-east-1',
      });
      await expect(attempt).rejects.toThrow(/must not carry a user name or password/);
      await expect(attempt).rejects.not.toThrow(/hunter2/);
      expect(await service.handlers['sources:list']({})).toEqual([]);
    } finally {
      service.close();
    }
  });
});
