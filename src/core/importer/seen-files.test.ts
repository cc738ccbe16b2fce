import { describe, expect, it } from 'vitest';
import { PathList } from './path-list';
import { SeenFiles } from './seen-files';

describe('PathList', () => {
  it('gives back every path exactly, across restart points, shared prefixes and non-ASCII names', () => {
    const paths: string[] = [];
    for (let app = 0; app < 40; app++)
      for (const name of ['metadata.json', 'graph.json', 'log.jsonl'])
        paths.push(`/data/proj-ü/2026/12/0${app % 3}/chat-${app}/${name}`);
    // A surrogate pair whose first half is shared with the path before: never split.
    paths.push('/x/\u{1F600}a', '/x/\u{1F601}b', '', '/', '/x/\u{1F601}b');
    const list = new PathList();
    const indices = paths.map((p) => list.push(p));
    expect(indices).toEqual(paths.map((_, i) => i));
    expect(list.length).toBe(paths.length);
    for (let i = paths.length - 1; i >= 0; i--) expect(list.at(i)).toBe(paths[i]);
    expect(() => list.at(paths.length)).toThrow(RangeError);
  });

  it('stores a folder of files in a few bytes a path', () => {
    const list = new PathList();
    const folder = '/home/someone/.burr/a-fairly-long-project-name/app-0123456789abcdef0123456789abcdef';
    const names = ['metadata.json', 'graph.json', 'log.jsonl'];
    for (let app = 0; app < 1000; app++) for (const name of names) list.push(`${folder}-${app}/${name}`);
    expect(list.at(2999)).toBe(`${folder}-999/log.jsonl`);
    // Each path is ~100 characters; front-coded, a folder's three cost about what one name does.
    expect(list.byteLength / list.length).toBeLessThan(25);
  });
});

describe('SeenFiles', () => {
  it('answers the first path of a file seen again, per device and inode', () => {
    const seen = new SeenFiles();
    expect(seen.claim('2049:100', '/a/log.jsonl')).toBeUndefined();
    expect(seen.claim('2049:101', '/a/graph.json')).toBeUndefined();
    // The same inode number on another device is another file.
    expect(seen.claim('2050:100', '/mnt/b/log.jsonl')).toBeUndefined();
    expect(seen.claim('2049:100', '/b/log.jsonl')).toBe('/a/log.jsonl');
    expect(seen.claim('2050:100', '/c/log.jsonl')).toBe('/mnt/b/log.jsonl');
    // Given twice: its own path comes back.
    expect(seen.claim('2049:101', '/a/graph.json')).toBe('/a/graph.json');
  });

  it('repoints a file to an earlier path and releases one whose planning was undone', () => {
    const seen = new SeenFiles();
    seen.claim('7:1', '/new/log.jsonl');
    seen.repoint('7:1', '/old/log.jsonl');
    expect(seen.claim('7:1', '/third/log.jsonl')).toBe('/old/log.jsonl');
    // Released only by the path it holds.
    seen.release('7:1', '/new/log.jsonl');
    expect(seen.claim('7:1', '/x')).toBe('/old/log.jsonl');
    seen.release('7:1', '/old/log.jsonl');
    expect(seen.claim('7:1', '/again/log.jsonl')).toBeUndefined();
    expect(seen.claim('7:1', '/more')).toBe('/again/log.jsonl');
  });

  it('keeps identities that are not two numbers apart, exactly', () => {
    const seen = new SeenFiles();
    expect(seen.claim('7:1', '/a')).toBeUndefined();
    expect(seen.claim('07:1', '/b')).toBeUndefined();
    expect(seen.claim('x:y', '/c')).toBeUndefined();
    expect(seen.claim('07:1', '/d')).toBe('/b');
    expect(seen.claim('x:y', '/e')).toBe('/c');
    seen.release('x:y', '/c');
    expect(seen.claim('x:y', '/f')).toBeUndefined();
  });

  it('grows past its first capacity', () => {
    const seen = new SeenFiles();
    for (let i = 0; i < 5000; i++) expect(seen.claim(`1:${i}`, `/r/app-${i}/log.jsonl`)).toBeUndefined();
    for (let i = 0; i < 5000; i += 997) expect(seen.claim(`1:${i}`, '/other')).toBe(`/r/app-${i}/log.jsonl`);
  });
});
