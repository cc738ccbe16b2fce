import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TreeWalker, type WalkBatch } from '../../src/core/burr/tree-walker';
import { tempDir } from '../helpers/fixtures';

/** A local-layout app folder with the four Burr files. */
function app(root: string, project: string, appId: string): void {
  const dir = path.join(root, project, appId);
  mkdirSync(dir, { recursive: true });
  for (const name of ['log.jsonl', 'children.jsonl', 'metadata.json', 'graph.json'])
    writeFileSync(path.join(dir, name), '{}\n');
}

function walkAll(walker: TreeWalker): WalkBatch {
  const out: WalkBatch = { files: [], errors: [] };
  while (!walker.done) walker.step(out);
  return out;
}

const rel = (root: string, batch: WalkBatch) => batch.files.map((f) => path.relative(root, f.path));

describe('TreeWalker', () => {
  it('splits off a walk of its own: the two halves find every file once, as one walk does', () => {
    const root = tempDir();
    for (let p = 0; p < 3; p++) for (let a = 0; a < 5; a++) app(root, `proj-${p}`, `app-${a}`);
    symlinkSync(path.join(root, 'proj-1'), path.join(root, 'proj-link'));
    const whole = rel(root, walkAll(TreeWalker.fromRoots([root]))).sort();
    for (const stepsFirst of [0, 1, 2, 4, 7]) {
      const kept = TreeWalker.fromRoots([root]);
      const first: WalkBatch = { files: [], errors: [] };
      for (let i = 0; i < stepsFirst && !kept.done; i++) kept.step(first);
      const given = TreeWalker.resume(kept.splitOff());
      const halves = [...rel(root, first), ...rel(root, walkAll(given)), ...rel(root, walkAll(kept))];
      expect(halves.sort(), `split after ${stepsFirst} steps`).toEqual(whole);
    }
    expect(whole.length).toBe(60);
  });

  it('visits metadata, graph, log, children in each app folder, folders by name, depth first', () => {
    const root = tempDir();
    app(root, 'proj-b', 'app-2');
    app(root, 'proj-a', 'app-1');
    app(root, 'proj-a', 'app-0');
    const names = rel(root, walkAll(TreeWalker.fromRoots([root])));
    expect(names.slice(0, 4)).toEqual([
      'proj-a/app-0/metadata.json',
      'proj-a/app-0/graph.json',
      'proj-a/app-0/log.jsonl',
      'proj-a/app-0/children.jsonl',
    ]);
    expect(names.filter((n) => n.endsWith('log.jsonl'))).toEqual([
      'proj-a/app-0/log.jsonl',
      'proj-a/app-1/log.jsonl',
      'proj-b/app-2/log.jsonl',
    ]);
  });

  it('resumed from its state, finds exactly the rest of the walk', () => {
    const root = tempDir();
    for (let i = 0; i < 6; i++) app(root, `proj-${i % 2}`, `app-${i}`);
    const whole = rel(root, walkAll(TreeWalker.fromRoots([root])));
    const first = TreeWalker.fromRoots([root]);
    const start: WalkBatch = { files: [], errors: [] };
    for (let i = 0; i < 4; i++) first.step(start);
    // The state goes through a structured clone, as it does on its way to the reader worker.
    const rest = walkAll(TreeWalker.resume(structuredClone(first.state())));
    expect([...rel(root, start), ...rel(root, rest)]).toEqual(whole);
    expect(start.files.length).toBeGreaterThan(0);
  });

  it('walks a folder given twice, or inside another root, once; skips dot-folders below the top', () => {
    const root = tempDir();
    app(root, 'proj', 'app-1');
    app(path.join(root, 'proj', '.cache'), 'hidden', 'app-x');
    const batch = walkAll(TreeWalker.fromRoots([root, path.join(root, 'proj'), root]));
    expect(rel(root, batch).filter((n) => n.endsWith('log.jsonl'))).toEqual(['proj/app-1/log.jsonl']);
  });

  it('never follows a link out of the opened folders (it says so), and never loops', () => {
    const root = tempDir();
    const outside = tempDir();
    app(root, 'proj', 'app-1');
    app(outside, 'other', 'app-9');
    symlinkSync(path.join(outside, 'other'), path.join(root, 'linked'));
    // A link back up to the root, and a link into a folder that is walked anyway.
    symlinkSync(root, path.join(root, 'proj', 'app-1', 'loop'));
    symlinkSync(path.join(root, 'proj'), path.join(root, 'again'));
    mkdirSync(path.join(root, 'proj', 'app-2'));
    symlinkSync('/etc/passwd', path.join(root, 'proj', 'app-2', 'log.jsonl'));
    const batch = walkAll(TreeWalker.fromRoots([root]));
    const logs = rel(root, batch).filter((n) => n.endsWith('log.jsonl'));
    expect(logs).toEqual(['proj/app-1/log.jsonl']);
    expect(batch.errors.map((e) => [path.relative(root, e.path), e.message])).toEqual([
      [
        'linked',
        `a link to ${realpathSync(path.join(outside, 'other'))}, outside the folders opened: not followed`,
      ],
      ['proj/app-2/log.jsonl', 'a link to /etc/passwd, outside the folders opened: not followed'],
    ]);
  });

  it('reports a root that does not exist, and goes on with the others', () => {
    const root = tempDir();
    const missing = path.join(tempDir(), 'missing');
    app(root, 'proj', 'app-1');
    const batch = walkAll(TreeWalker.fromRoots([missing, root]));
    expect(batch.errors).toEqual([{ path: missing, message: expect.stringContaining('not found') }]);
    expect(batch.files).toHaveLength(4);
  });

  it('walks a root inside another root that the outer walk skips (a dot-folder, node_modules), once', () => {
    const root = tempDir();
    app(root, 'proj', 'app-1');
    app(path.join(root, 'work', '.burr'), 'hidden', 'app-x');
    app(path.join(root, 'node_modules'), 'vendored', 'app-y');
    const roots = [root, path.join(root, 'work', '.burr'), path.join(root, 'node_modules', 'vendored')];
    const logs = rel(root, walkAll(TreeWalker.fromRoots(roots))).filter((n) => n.endsWith('log.jsonl'));
    expect(logs).toEqual([
      'proj/app-1/log.jsonl',
      'work/.burr/hidden/app-x/log.jsonl',
      'node_modules/vendored/app-y/log.jsonl',
    ]);
  });

  it('reports a missing root inside another root, and walks the outer root once', () => {
    const root = tempDir();
    app(root, 'proj', 'app-1');
    const missing = path.join(root, 'proj', 'no-such-app');
    const batch = walkAll(TreeWalker.fromRoots([root, missing]));
    expect(batch.errors).toEqual([{ path: missing, message: expect.stringContaining('not found') }]);
    expect(batch.files).toHaveLength(4);
  });
});
