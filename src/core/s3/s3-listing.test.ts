import { describe, expect, it } from 'vitest';
import { compareKeys, type ListCall, listObjectPages, listProjects, lookbackStartAfter } from './s3-listing';

/** An in-memory bucket that lists like S3 (sorted, StartAfter, pages), optionally without delimiter support. */
function fakeBucket(
  keys: string[],
  options: { delimiter?: boolean } = {},
): { list: ListCall; calls: number } {
  const sorted = [...keys].sort(compareKeys);
  const state = { calls: 0 };
  const list: ListCall = async (input) => {
    state.calls++;
    const after = input.ContinuationToken ?? input.StartAfter ?? '';
    const max = input.MaxKeys ?? 1000;
    const matching = sorted.filter((k) => k.startsWith(input.Prefix) && compareKeys(k, after) > 0);
    if (input.Delimiter && options.delimiter !== false) {
      const prefixes = new Set<string>();
      for (const k of matching) {
        const i = k.indexOf(input.Delimiter, input.Prefix.length);
        if (i >= 0) prefixes.add(k.slice(0, i + 1));
      }
      return { contents: [], commonPrefixes: [...prefixes], nextToken: null };
    }
    if (input.Delimiter) return { contents: [], commonPrefixes: [], nextToken: null };
    const page = matching.slice(0, max);
    return {
      contents: page.map((key) => ({ key, size: 1, etag: null, lastModified: null })),
      commonPrefixes: [],
      nextToken: matching.length > max ? (page.at(-1) ?? null) : null,
    };
  };
  return {
    list,
    get calls() {
      return state.calls;
    },
  };
}

const key = (project: string, time: string, file = 'x__log.jsonl') =>
  `data/${project}/2026/11/24/${time}/__none__/app/${file}`;

describe('listProjects', () => {
  const keys = [
    key('alpha', '00/41:35.1'),
    key('alpha', '00/42:00.2'),
    key('beta-2', '01/00:00.0'),
    key('beta', '02/00:00.0'),
  ];

  it('lists the project folders with a delimiter listing', async () => {
    const bucket = fakeBucket(keys);
    expect(await listProjects(bucket.list, 'data/')).toEqual([
      { name: 'alpha', keyPrefix: 'data/alpha/' },
      { name: 'beta', keyPrefix: 'data/beta/' },
      { name: 'beta-2', keyPrefix: 'data/beta-2/' },
    ]);
  });

  it('finds them by skipping from project to project when the store does not group by delimiter', async () => {
    const bucket = fakeBucket([...keys, 'data/README.txt'], { delimiter: false });
    const projects = await listProjects(bucket.list, 'data/');
    expect(projects.map((p) => p.name)).toEqual(['alpha', 'beta', 'beta-2']);
    // One delimiter call, then one call per project and one at the end (plus one per stray object).
    expect(bucket.calls).toBeLessThanOrEqual(1 + 3 + 1 + 1);
  });

  it('treats a prefix whose folders are years as one project', async () => {
    const bucket = fakeBucket(keys);
    expect(await listProjects(bucket.list, 'data/alpha/')).toEqual([
      { name: 'alpha', keyPrefix: 'data/alpha/' },
    ]);
  });
});

describe('listObjectPages', () => {
  it('yields sorted pages after StartAfter until the listing ends', async () => {
    const all = Array.from({ length: 7 }, (_, i) => key('p', `00/41:3${i}.5`));
    const bucket = fakeBucket(all);
    const pages: string[][] = [];
    for await (const page of listObjectPages(bucket.list, 'data/p/', all[1], 2))
      pages.push(page.map((o) => o.key));
    expect(pages).toEqual([all.slice(2, 4), all.slice(4, 6), all.slice(6)]);
  });
});

describe('lookbackStartAfter', () => {
  const mark = 'data/p/2026/11/24/00/41:35.210018/tenant-0/app/f__log.jsonl';

  it('restarts the listing a while before the mark, on a whole second', () => {
    expect(lookbackStartAfter('data/p/', mark, 5 * 60_000)).toBe('data/p/2026/11/24/00/36:35');
    expect(lookbackStartAfter('data/p/', mark, 60 * 60_000)).toBe('data/p/2026/11/23/23/41:35');
  });

  it('lists a key of the same second again, since `MM:SS` sorts before `MM:SS.ffffff`', () => {
    const start = lookbackStartAfter('data/p/', mark, 1) ?? '';
    expect(compareKeys(start, mark)).toBeLessThan(0);
    expect(compareKeys(start, 'data/p/2026/11/24/00/41:35/tenant-0/app/graph.json')).toBeLessThan(0);
  });

  it('uses the mark itself without lookback, and nothing without a mark', () => {
    expect(lookbackStartAfter('data/p/', mark, 0)).toBe(mark);
    expect(lookbackStartAfter('data/p/', undefined, 60_000)).toBeUndefined();
    expect(lookbackStartAfter('data/p/', 'data/p/odd-key', 60_000)).toBe('data/p/odd-key');
  });
});

describe('compareKeys', () => {
  it('orders by UTF-8 bytes like S3, not by UTF-16 units', () => {
    // U+FF5E is one UTF-16 unit above the surrogates of U+1F600, but below it in UTF-8.
    expect(compareKeys('a\uFF5E', 'a\u{1F600}')).toBeLessThan(0);
    expect('a\uFF5E' < 'a\u{1F600}').toBe(false);
  });
});
