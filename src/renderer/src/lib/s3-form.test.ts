import { describe, expect, it } from 'vitest';
import { sourceLabel } from './format-time';
import { EMPTY_S3_FORM, s3Location, s3Request, splitS3Address } from './s3-form';

describe('the Add S3 bucket form', () => {
  it('sends only what was given, trimmed; path style only with an endpoint', () => {
    expect(s3Request({ ...EMPTY_S3_FORM, bucket: ' logs ' })).toEqual({ bucket: 'logs', prefix: 'data/' });
    expect(
      s3Request({
        bucket: 'logs',
        prefix: '  ',
        region: 'eu-west-1 ',
        endpoint: ' http://127.0.0.1:9000',
        pathStyle: false,
        profile: ' work',
      }),
    ).toEqual({
      bucket: 'logs',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: false,
      profile: 'work',
    });
  });

  it('splits a pasted s3:// address into bucket and prefix', () => {
    expect(splitS3Address('s3://my-logs/data/chatbot')).toEqual({
      bucket: 'my-logs',
      prefix: 'data/chatbot',
    });
    expect(splitS3Address('S3://my-logs/')).toEqual({ bucket: 'my-logs', prefix: null });
    expect(splitS3Address('s3://my-logs')).toEqual({ bucket: 'my-logs', prefix: null });
    expect(splitS3Address('my-logs')).toBeNull();
  });

  it('previews the location the library will list', () => {
    expect(s3Location({ bucket: 'logs', prefix: '' })).toBe('s3://logs/data/');
    expect(s3Location({ bucket: 'logs', prefix: '/data/chatbot' })).toBe('s3://logs/data/chatbot/');
  });

  it('names S3 sources by bucket, and by prefix when it is not data/', () => {
    expect(sourceLabel('s3://logs/data/')).toBe('logs');
    expect(sourceLabel('s3://logs/data/chatbot/')).toBe('logs/data/chatbot');
    expect(sourceLabel('s3://logs/')).toBe('logs');
    expect(sourceLabel('/home/me/.burr')).toBe('.burr');
  });
});
