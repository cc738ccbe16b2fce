import type { RequestOf } from '../../../shared/contract';
import { DEFAULT_S3_PREFIX, normalizeS3Prefix } from '../../../shared/s3-prefix';

/** What the "Add S3 bucket" dialog holds: text as typed, empty meaning "not given". */
export interface S3FormValues {
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string;
  /** Only sent with a custom endpoint (AWS itself wants virtual-host style). */
  pathStyle: boolean;
  profile: string;
}

export const EMPTY_S3_FORM: S3FormValues = {
  bucket: '',
  prefix: DEFAULT_S3_PREFIX,
  region: '',
  endpoint: '',
  pathStyle: true,
  profile: '',
};

/**
 * `s3://bucket/data/project` pasted (or typed) into the bucket field, as `aws s3 ls` prints it:
 * split into bucket and prefix; null when the text is not an s3:// address.
 */
export function splitS3Address(text: string): { bucket: string; prefix: string | null } | null {
  const m = /^\s*s3:\/\/([^/\s]*)(?:\/(\S*))?\s*$/i.exec(text);
  if (!m) return null;
  const [, bucket = '', prefix] = m;
  return { bucket, prefix: prefix === undefined || prefix === '' ? null : prefix };
}

/** The request for `sources:add-s3`: trimmed, with empty optional fields left out (the host's defaults). */
export function s3Request(v: S3FormValues): RequestOf<'sources:add-s3'> {
  const request: RequestOf<'sources:add-s3'> = { bucket: v.bucket.trim() };
  const prefix = v.prefix.trim();
  const region = v.region.trim();
  const endpoint = v.endpoint.trim();
  const profile = v.profile.trim();
  if (prefix) request.prefix = prefix;
  if (region) request.region = region;
  if (endpoint) {
    request.endpoint = endpoint;
    request.forcePathStyle = v.pathStyle;
  }
  if (profile) request.profile = profile;
  return request;
}

/** The source's address as the library will show it: `s3://bucket/data/`. */
export function s3Location(v: Pick<S3FormValues, 'bucket' | 'prefix'>): string {
  return `s3://${v.bucket.trim()}/${normalizeS3Prefix(v.prefix.trim())}`;
}
