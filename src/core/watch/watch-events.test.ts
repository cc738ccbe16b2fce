import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DirtyHint, dirEventHint, listAgain, mergeHint, recursiveEventHint } from './watch-events';

const app = path.join(path.sep, 'burr', 'proj', 'app-1');

describe('watch events', () => {
  it('turns a folder watch event into the check it needs, ignoring what cannot matter', () => {
    const folder = { dir: app, onlyFile: null };
    expect(dirEventHint(folder, 'change', 'log.jsonl')).toEqual({
      entries: false,
      names: new Set(['log.jsonl']),
      force: true,
      rewatch: false,
    });
    // A Burr file renamed in or out: list the folder again too.
    expect(dirEventHint(folder, 'rename', 'graph.json')?.entries).toBe(true);
    expect(dirEventHint(folder, 'rename', 'new-app')).toEqual(listAgain());
    expect(dirEventHint(folder, 'change', 'notes.txt')).toBeNull();
    expect(dirEventHint(folder, 'change', null)).toEqual(listAgain());
    // libuv names the watched folder itself when it is deleted or moved: watch it again.
    expect(dirEventHint(folder, 'rename', 'app-1')).toEqual(listAgain(true));
  });

  it('for an opened file, only cares about that file and its folder', () => {
    const opened = { dir: app, onlyFile: 'log.jsonl' };
    expect(dirEventHint(opened, 'change', 'log.jsonl')?.force).toBe(true);
    expect(dirEventHint(opened, 'change', 'graph.json')).toBeNull();
    expect(dirEventHint(opened, 'rename', 'other')).toBeNull();
    expect(dirEventHint(opened, 'rename', 'app-1')).toEqual(listAgain(true));
  });

  it('merges hints into the union of what they ask to check', () => {
    const one = (name: string): DirtyHint => ({
      entries: false,
      names: new Set([name]),
      force: true,
      rewatch: false,
    });
    const merged = mergeHint(mergeHint(undefined, one('log.jsonl')), one('graph.json'));
    expect(merged.names).toEqual(new Set(['log.jsonl', 'graph.json']));
    expect(mergeHint(merged, listAgain(true))).toEqual({
      entries: true,
      names: null,
      force: true,
      rewatch: true,
    });
  });

  it('lands a recursive watch event on the known folder holding it, or the nearest known one above', () => {
    const root = path.join(path.sep, 'burr');
    const known = new Map([root, path.join(root, 'proj'), app].map((dir) => [dir, { dir, onlyFile: null }]));
    const folderAt = (dir: string) => known.get(dir);
    expect(recursiveEventHint(root, 'change', path.join('proj', 'app-1', 'log.jsonl'), folderAt)).toEqual({
      folder: known.get(app),
      hint: { entries: false, names: new Set(['log.jsonl']), force: true, rewatch: false },
    });
    // Inside a folder not walked yet: its nearest known ancestor lists its entries again.
    expect(
      recursiveEventHint(root, 'rename', path.join('proj', 'app-2', 'x', 'log.jsonl'), folderAt),
    ).toEqual({
      folder: known.get(path.join(root, 'proj')),
      hint: listAgain(),
    });
    expect(recursiveEventHint(root, 'change', path.join('proj', 'app-1', 'notes.txt'), folderAt)).toBeNull();
  });
});
