import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { bigTree, storeContent } from '../helpers/big-tree';
import { tempStore } from '../helpers/fixtures';

/**
 * A big import splits its work between two threads: the reader worker walks,
 * reads and parses; the writing thread plans, writes, and reads files itself
 * whenever the reader is behind. Which thread read which file depends on
 * timing, so the rows must not: the same tree imported in one thread and in
 * two must give exactly the same database content.
 */
describe('an import split between two threads', () => {
  it('stores exactly what a one-thread import stores', () => {
    const root = bigTree();
    const one = tempStore();
    const two = tempStore();
    const single = importPaths(one.db, [root], { parallelThresholdBytes: Number.POSITIVE_INFINITY });
    const parallel = importPaths(two.db, [root], { waitForReader: true });

    expect(single.files_read_by_worker).toBe(0);
    // The reader worker really took part (it starts past 256 files to read).
    expect(parallel.files_read_by_worker).toBeGreaterThan(0);
    expect(parallel.files).toBe(single.files);
    expect(parallel.files).toBeGreaterThan(400);
    expect({ ...parallel, seconds: 0, changed_apps: 0, files_read_by_worker: 0 }).toEqual({
      ...single,
      seconds: 0,
      changed_apps: 0,
      files_read_by_worker: 0,
    });
    const expected = storeContent(one.db, root);
    const actual = storeContent(two.db, root);
    for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
    expect(expected.streams?.length).toBeGreaterThan(200);

    // And a second run of the parallel import finds nothing new.
    const again = importPaths(two.db, [root]);
    expect(again.files_unchanged).toBe(again.files);
    expect(again.lines).toBe(0);
  });

  it('stores the same when the walk may run only one file ahead of the reading', () => {
    const root = bigTree();
    const free = tempStore();
    const bounded = tempStore();
    importPaths(free.db, [root], { waitForReader: true });
    // Both walkers then pause whenever a file is planned and not yet sent to be read, and go on as
    // the plan drains: nothing may be lost or read twice, and the import must not stall.
    const summary = importPaths(bounded.db, [root], { waitForReader: true, maxPlannedFiles: 1 });
    expect(summary.files_read_by_worker).toBeGreaterThan(0);
    expect(summary.files).toBeGreaterThan(400);
    const expected = storeContent(free.db, root);
    const actual = storeContent(bounded.db, root);
    for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
  });
});
