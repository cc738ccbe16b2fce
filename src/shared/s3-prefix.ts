/** The S3 tracker's prefix rules, shared by the core's source config and the renderer's S3 form. */

export const DEFAULT_S3_PREFIX = 'data/';

/** `''` or `/data` or `data` → `data/`; keeps a trailing '/', so the prefix is a folder. */
export function normalizeS3Prefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
  if (trimmed === '') return DEFAULT_S3_PREFIX;
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
