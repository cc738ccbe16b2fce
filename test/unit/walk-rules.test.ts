import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyPath } from '../../src/core/burr/layout';
import { TreeWalker, type WalkBatch } from '../../src/core/burr/tree-walker';
import {
  descendsInto,
  isBurrFileName,
  listsFolderAt,
  localFileKind,
  MAX_DEPTH,
  realPathOrNull,
  skipsFolderName,
  staysInsideRoots,
} from '../../src/core/burr/walk-rules';
import { watchFolders } from '../../src/core/watch/folder-watcher';
import { tempDir } from '../helpers/fixtures';

describe('walk rules', () => {
  it('knows the Burr file names: the four local ones and S3 `*__log.jsonl`, nothing else', () => {
    for (const name of ['log.jsonl', 'graph.json', 'metadata.json', 'children.jsonl', '00:01.5__log.jsonl'])
      expect(isBurrFileName(name), name).toBe(true);
    for (const name of ['log.json', 'notes.jsonl', 'graph.json.tmp', 'LOG.JSONL', '__log.json', 'state.json'])
      expect(isBurrFileName(name), name).toBe(false);
    expect(localFileKind('log.jsonl')).toBe('log');
    expect(localFileKind('graph.json')).toBe('graph');
    expect(localFileKind('metadata.json')).toBe('metadata');
    expect(localFileKind('children.jsonl')).toBe('children');
    // An S3 log is a log by its suffix and its time path, which classifyPath checks.
    expect(localFileKind('00:01.5__log.jsonl')).toBeNull();
  });

  it('skips node_modules and .git everywhere, and dot-folders below the opened folder only', () => {
    for (const depth of [0, 1, 5]) {
      expect(skipsFolderName('node_modules', depth)).toBe(true);
      expect(skipsFolderName('.git', depth)).toBe(true);
      expect(skipsFolderName('my-project', depth)).toBe(false);
    }
    // Opening a home folder finds `.burr`; a `.cache` inside a project is not walked.
    expect(skipsFolderName('.burr', 0)).toBe(false);
    expect(skipsFolderName('.cache', 1)).toBe(true);
  });

  it('lists folders down to MAX_DEPTH and no deeper', () => {
    expect(MAX_DEPTH).toBe(16);
    expect(listsFolderAt(MAX_DEPTH)).toBe(true);
    expect(listsFolderAt(MAX_DEPTH + 1)).toBe(false);
    expect(descendsInto('app', MAX_DEPTH - 1)).toBe(true);
    expect(descendsInto('app', MAX_DEPTH)).toBe(false);
    expect(descendsInto('.burr', 0)).toBe(true);
    expect(descendsInto('node_modules', 0)).toBe(false);
  });

  it('follows a link only when its real path is an opened root or inside one', () => {
    const root = path.join(path.sep, 'home', 'me', '.burr');
    expect(staysInsideRoots(root, [root])).toBe(true);
    expect(staysInsideRoots(path.join(root, 'p', 'app', 'log.jsonl'), [root])).toBe(true);
    // A sibling whose name starts like the root is outside it.
    expect(staysInsideRoots(`${root}-old${path.sep}log.jsonl`, [root])).toBe(false);
    expect(staysInsideRoots(path.join(path.sep, 'etc', 'passwd'), [root])).toBe(false);
    expect(staysInsideRoots(path.join(path.sep, 'etc', 'passwd'), [root, path.sep])).toBe(true);
    expect(staysInsideRoots(root, [])).toBe(false);
  });

  it('resolves a link to its real path, and a dangling one to null', () => {
    const dir = realpathSync(tempDir());
    writeFileSync(path.join(dir, 'target.jsonl'), '{}\n');
    symlinkSync(path.join(dir, 'target.jsonl'), path.join(dir, 'log.jsonl'));
    symlinkSync(path.join(dir, 'gone.jsonl'), path.join(dir, 'dangling.jsonl'));
    expect(realPathOrNull(path.join(dir, 'log.jsonl'))).toBe(path.join(dir, 'target.jsonl'));
    expect(realPathOrNull(path.join(dir, 'dangling.jsonl'))).toBeNull();
  });

  it('is what the tree walker imports and the folder watcher follows: both find the same files', async () => {
    const root = path.join(tempDir(), 'burr');
    const outside = tempDir();
    const app = (...parts: string[]) => {
      const dir = path.join(root, ...parts);
      mkdirSync(dir, { recursive: true });
      for (const name of ['log.jsonl', 'graph.json', 'metadata.json', 'notes.jsonl'])
        writeFileSync(path.join(dir, name), '{}\n');
      return dir;
    };
    app('proj', 'app-1');
    app('.hidden-project', 'app-2'); // a dot-folder right under the root: walked
    app('proj', '.cache', 'app-3'); // deeper dot-folder: skipped
    app('proj', 'node_modules', 'app-4'); // skipped
    // Folders down to MAX_DEPTH are listed, the one below is not.
    const deep = Array.from({ length: MAX_DEPTH - 1 }, (_, i) => `d${i}`);
    app('proj', ...deep);
    app('proj', ...deep, 'app-5');
    // Links to Burr files: one inside the root (followed), one outside (not).
    const linked = app('proj', 'app-6');
    writeFileSync(path.join(outside, 'log.jsonl'), '{}\n');
    symlinkSync(path.join(root, 'proj', 'app-1', 'log.jsonl'), path.join(linked, 'children.jsonl'));
    symlinkSync(path.join(outside, 'log.jsonl'), path.join(linked, 'children.jsonl.bak'));
    const outsideApp = path.join(root, 'proj', 'app-7');
    mkdirSync(outsideApp);
    symlinkSync(path.join(outside, 'log.jsonl'), path.join(outsideApp, 'log.jsonl'));

    const walker = TreeWalker.fromRoots([root]);
    const batch: WalkBatch = { files: [], errors: [] };
    while (!walker.done) walker.step(batch);
    const walked = batch.files.map((f) => path.relative(root, f.path)).sort();
    // app-1, .hidden-project/app-2 and the deepest folder: 3 files each; app-6: 3 + the link inside.
    expect(walked).toHaveLength(3 + 3 + 3 + 4);
    expect(walked).toContain(path.join('proj', ...deep, 'log.jsonl'));
    expect(walked).toContain(path.join('proj', 'app-6', 'children.jsonl'));
    expect(walked.some((f) => f.includes('app-3') || f.includes('app-4') || f.includes('app-5'))).toBe(false);
    expect(walked.some((f) => f.includes('app-7'))).toBe(false);
    expect(walked.some((f) => f.includes('app-2'))).toBe(true);

    const watcher = watchFolders([root], { mode: 'poll', sweepMs: 0, persistent: false, onChange: () => {} });
    try {
      await watcher.ready;
      // Every file the watcher stamps is one the walker imports, and the other way round:
      // the stamps counted here are the Burr files of the folders it follows.
      expect(watcher.stats().files).toBe(walked.length);
      expect(walked.every((f) => classifyPath(path.join(root, f)) !== null)).toBe(true);
    } finally {
      watcher.close();
    }
  });
});
