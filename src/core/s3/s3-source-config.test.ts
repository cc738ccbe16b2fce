import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachePathForKey } from './s3-download';
import {
  isS3Url,
  normalizeS3Prefix,
  parseS3SourceConfig,
  parseS3Url,
  S3ConfigError,
  s3SourceLocation,
} from './s3-source-config';

describe('parseS3Url', () => {
  it('defaults the prefix to data/, where the Burr S3 tracker writes', () => {
    expect(parseS3Url('s3://my-burr-logs')).toEqual({ bucket: 'my-burr-logs', prefix: 'data/' });
    expect(parseS3Url('s3://my-burr-logs/')).toEqual({ bucket: 'my-burr-logs', prefix: 'data/' });
  });

  it('normalizes the prefix to a folder', () => {
    expect(parseS3Url('s3://b1b/data').prefix).toBe('data/');
    expect(parseS3Url('s3://b1b/data/').prefix).toBe('data/');
    expect(parseS3Url('s3://b1b//backup//data').prefix).toBe('backup/data/');
    expect(parseS3Url('S3://b1b/data/chatbot').prefix).toBe('data/chatbot/');
  });

  it('takes the options given next to the address', () => {
    expect(
      parseS3Url('s3://logs/data', {
        endpoint: 'http://127.0.0.1:9000',
        region: 'eu-west-1',
        profile: 'ci',
        forcePathStyle: true,
      }),
    ).toEqual({
      bucket: 'logs',
      prefix: 'data/',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      profile: 'ci',
      forcePathStyle: true,
    });
  });

  it('rejects what is not an S3 address, with what to type instead', () => {
    expect(() => parseS3Url('/home/me/.burr')).toThrow(S3ConfigError);
    expect(() => parseS3Url('https://bucket.s3.amazonaws.com/data')).toThrow(/s3:\/\/BUCKET/);
    expect(() => parseS3Url('s3://')).toThrow(S3ConfigError);
  });

  it('rejects bad buckets, prefixes, regions and endpoints', () => {
    expect(() => parseS3Url('s3://a')).toThrow(/bucket/);
    expect(() => parseS3Url('s3://..')).toThrow(/bucket/);
    expect(() => parseS3Url('s3://logs/../etc')).toThrow(/prefix/);
    expect(() => parseS3Url('s3://logs/data/./x')).toThrow(/prefix/);
    expect(() => parseS3Url('s3://logs', { region: 'EU West' })).toThrow(/region/);
    expect(() => parseS3Url('s3://logs', { endpoint: 'ftp://host' })).toThrow(/endpoint/);
    expect(() => parseS3Url('s3://logs', { endpoint: 'not a url' })).toThrow(/endpoint/);
  });
});

describe('the source config schema', () => {
  it('never takes credentials: unknown keys are rejected, not stored', () => {
    expect(() =>
      parseS3SourceConfig({ bucket: 'logs', accessKeyId: 'AKIA...', secretAccessKey: 'x' }),
    ).toThrow(/accessKeyId|Unrecognized/);
  });

  it('refuses credentials in the endpoint URL without repeating them', () => {
    for (const endpoint of [
      'http://user:pw@127.0.0.1:9000',
      'https://AKIA@minio.local',
      'http://:secret@host',
    ]) {
      let message = '';
      try {
        parseS3SourceConfig({ bucket: 'logs', endpoint });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/must not carry a user name or password.*AWS chain/);
      expect(message).not.toMatch(/pw|AKIA|secret/);
    }
    expect(parseS3SourceConfig({ bucket: 'logs', endpoint: 'http://127.0.0.1:9000' }).endpoint).toBe(
      'http://127.0.0.1:9000',
    );
  });

  it('gives the location one source row is keyed by', () => {
    expect(s3SourceLocation(parseS3Url('s3://logs'))).toBe('s3://logs/data/');
    expect(s3SourceLocation(parseS3Url('s3://logs/data/chatbot'))).toBe('s3://logs/data/chatbot/');
  });

  it('tells S3 addresses from paths', () => {
    expect(isS3Url('s3://logs')).toBe(true);
    expect(isS3Url('./s3-download')).toBe(false);
    expect(normalizeS3Prefix('')).toBe('data/');
  });
});

describe('cachePathForKey', () => {
  it('mirrors the bucket under the cache folder', () => {
    const key = 'data/p/2026/11/24/00/41:35.210018/tenant-0/app/f__log.jsonl';
    expect(cachePathForKey('/cache', 'logs', key)).toBe(path.join('/cache', 'logs', ...key.split('/')));
  });

  it('refuses keys that would leave the cache or are no file', () => {
    for (const key of [
      'data/../../etc/passwd',
      '/data/x',
      'data//x',
      'data/./x',
      'data\\x',
      'data/x/',
      'a\0b',
    ])
      expect(cachePathForKey('/cache', 'logs', key)).toBeNull();
  });
});
