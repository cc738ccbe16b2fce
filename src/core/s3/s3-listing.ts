import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/**
 * Listing a Burr S3 tracker bucket: the project folders under the prefix, then
 * each project's keys in order. Keys are
 * `<prefix><project>/YYYY/MM/DD/HH/MM:SS.ffffff/<pk>/<app>/<file>`, so within a
 * project S3's key order is time order, and "what is new" is everything after
 * the last key already synced.
 */

export interface ListedObject {
  key: string;
  size: number;
  etag: string | null;
  lastModified: Date | null;
}

export interface S3Project {
  name: string;
  /** `<prefix><project>/`: every key of the project starts with it. */
  keyPrefix: string;
}

/** How listing calls reach S3: the sync wraps each call with retries and error mapping. */
export type ListCall = (input: {
  Prefix: string;
  Delimiter?: string;
  StartAfter?: string;
  ContinuationToken?: string;
  MaxKeys?: number;
}) => Promise<{
  contents: ListedObject[];
  commonPrefixes: string[];
  nextToken: string | null;
}>;

/** Hard bounds, so a misbehaving server can never keep a loop going. */
const MAX_PAGES = 1_000_000;
const MAX_PROJECTS = 100_000;
/** Sorts after every character, so `<p>/` + this skips past every key under `<p>/`. */
const AFTER_EVERYTHING = '\u{10FFFF}';

export function listCall(client: S3Client, bucket: string, abortSignal?: AbortSignal): ListCall {
  return async (input) => {
    const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, ...input }), {
      ...(abortSignal ? { abortSignal } : {}),
    });
    return {
      contents: (out.Contents ?? [])
        .filter((c): c is typeof c & { Key: string } => typeof c.Key === 'string')
        .map((c) => ({
          key: c.Key,
          size: c.Size ?? 0,
          etag: c.ETag ?? null,
          lastModified: c.LastModified ?? null,
        })),
      commonPrefixes: (out.CommonPrefixes ?? []).map((p) => p.Prefix).filter((p): p is string => !!p),
      nextToken: out.IsTruncated && out.NextContinuationToken ? out.NextContinuationToken : null,
    };
  };
}

/** S3 orders keys by their UTF-8 bytes; JavaScript's `<` compares UTF-16 units, which differs above U+FFFF. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The project folders under `prefix`. First the cheap way, one call per 1000
 * projects with Delimiter '/'. Some S3-compatible stores (s3rver among them)
 * do not group deep keys into common prefixes; then the projects are found by
 * skipping from one to the next (one call per project). A prefix that is
 * itself a project (`data/my-project/`, its folders are years) is that one project.
 */
export async function listProjects(list: ListCall, prefix: string): Promise<S3Project[]> {
  const names = new Set<string>();
  let token: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await list({
      Prefix: prefix,
      Delimiter: '/',
      ...(token ? { ContinuationToken: token } : {}),
    });
    for (const p of out.commonPrefixes) {
      const name = p.slice(prefix.length).replace(/\/$/, '');
      if (name) names.add(name);
    }
    if (!out.nextToken || out.nextToken === token) break;
    token = out.nextToken;
  }
  if (names.size === 0) {
    for (const name of await skipScanProjects(list, prefix)) names.add(name);
  }
  const sorted = [...names].sort(compareKeys);
  if (sorted.length > 0 && sorted.every((n) => /^\d{4}$/.test(n))) {
    const own = prefix.replace(/\/$/, '').split('/').at(-1);
    if (own && own !== 'data') return [{ name: own, keyPrefix: prefix }];
  }
  return sorted.map((name) => ({ name, keyPrefix: `${prefix}${name}/` }));
}

async function skipScanProjects(list: ListCall, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < MAX_PROJECTS; i++) {
    const out = await list({ Prefix: prefix, MaxKeys: 1, ...(after ? { StartAfter: after } : {}) });
    const key = out.contents[0]?.key;
    if (!key) break;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) {
      after = key; // an object directly under the prefix is no project
      continue;
    }
    const name = rest.slice(0, slash);
    names.push(name);
    after = `${prefix}${name}/${AFTER_EVERYTHING}`;
  }
  return names;
}

/**
 * A project's keys after `startAfter`, page by page (at most `pageSize` keys
 * each, sorted). Every page is handled completely before the next is asked
 * for, so the high-water mark can follow the pages.
 */
export async function* listObjectPages(
  list: ListCall,
  keyPrefix: string,
  startAfter: string | undefined,
  pageSize: number,
): AsyncGenerator<ListedObject[]> {
  let token: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await list({
      Prefix: keyPrefix,
      MaxKeys: pageSize,
      ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}),
    });
    const objects = out.contents.filter((o) => o.key.startsWith(keyPrefix) && !o.key.endsWith('/'));
    objects.sort((a, b) => compareKeys(a.key, b.key));
    if (objects.length > 0) yield objects;
    if (!out.nextToken || out.nextToken === token) return;
    token = out.nextToken;
  }
}

const TIME_PATH_RE = /^(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{2}):(\d{2})(?:\.\d+)?\//;

/**
 * Where to start listing a project again. The high-water mark is the last key
 * synced, but a key with an earlier time folder can still appear after it:
 * each tracker names its folder from its own clock just before uploading, and
 * several trackers (processes, machines) write to one bucket. So the listing
 * restarts `lookbackMs` before the mark's time folder; keys already imported
 * in that window are recognised and skipped without a download.
 */
export function lookbackStartAfter(
  keyPrefix: string,
  mark: string | undefined,
  lookbackMs: number,
): string | undefined {
  if (mark === undefined || !mark.startsWith(keyPrefix)) return undefined;
  if (lookbackMs <= 0) return mark;
  const m = TIME_PATH_RE.exec(mark.slice(keyPrefix.length));
  if (!m) return mark;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s) - lookbackMs;
  if (!Number.isFinite(t) || t < 0) return undefined;
  const at = new Date(t);
  const pad = (n: number): string => String(n).padStart(2, '0');
  // `MM:SS` sorts before every `MM:SS.ffffff` of that second, so the whole second is listed again.
  const folder = `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}/${pad(at.getUTCHours())}/${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  const start = `${keyPrefix}${folder}`;
  return compareKeys(start, mark) < 0 ? start : mark;
}
