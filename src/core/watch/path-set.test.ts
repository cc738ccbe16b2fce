import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWithin, sourceLocationsFor, topmostPaths } from './path-set';

const p = (...parts: string[]) => path.join(path.sep, 'burr', ...parts);

describe('path sets', () => {
  it('keeps only the topmost paths', () => {
    expect(
      topmostPaths([p('proj', 'app-1'), p('proj'), p('proj-2', 'app'), p('proj', 'app-1'), p('proj-b')]),
    ).toEqual([p('proj'), p('proj-2', 'app'), p('proj-b')].sort());
    // A sibling whose name extends another's is not inside it.
    expect(topmostPaths([p('a'), p('a-b', 'c'), p('a', 'x')])).toEqual([p('a'), p('a-b', 'c')]);
  });

  it('tells whether a path is inside another', () => {
    expect(isWithin(p('a', 'b'), p('a'))).toBe(true);
    expect(isWithin(p('a'), p('a'))).toBe(true);
    expect(isWithin(p('ab'), p('a'))).toBe(false);
  });

  it('gives the sources a change belongs to, nested ones included', () => {
    const sources = [p(), p('proj'), path.join(path.sep, 'elsewhere')];
    expect(sourceLocationsFor([p('proj', 'app')], sources)).toEqual([p(), p('proj')]);
    expect(sourceLocationsFor([p('other', 'app')], sources)).toEqual([p()]);
    // A new folder holding an opened source: both, so files land in the innermost one.
    expect(sourceLocationsFor([p()], sources)).toEqual([p(), p('proj')]);
  });
});
