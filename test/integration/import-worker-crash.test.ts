import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../bench/generate-corpus';
import { importPaths } from '../../src/core/importer/import-paths';
import { workerImportRunner } from '../../src/core/importer/run-import-in-worker';
import { createService, type Service } from '../../src/core/service';
import { openStore, type StoreDatabase } from '../../src/core/store/open-store';
import type { EventOf } from '../../src/shared/contract';
import { bigTree, storeContent } from '../helpers/big-tree';
import { tempDir, tempStore } from '../helpers/fixtures';

/**
 * An import worker thread that dies (a native abort, an out-of-memory kill)
 * must fail the import with a message the user can act on, leave only whole
 * committed batches behind, and not stop the next import. The worker here is
 * the real one, made to end its thread at a chosen moment
 * (test/helpers/dying-import-worker.mjs), not a mock of its result.
 */
const DYING_WORKER = path.resolve(__dirname, '../helpers/dying-import-worker.mjs');
const DYING_READER = path.resolve(__dirname, '../helpers/dying-reader-worker.mjs');

let service: Service | null = null;
afterEach(() => {
  service?.close();
  service = null;
  delete process.env.STREAM_LENS_TEST_DIE_FILE;
});

function start(databasePath: string): Service {
  service = createService({
    databasePath,
    host: 'serve',
    watch: false,
    s3AutoSyncMinutes: 0,
    importRunner: workerImportRunner({ workerFile: DYING_WORKER }),
  });
  return service;
}

function nextDone(core: Service): Promise<EventOf<'import:done'>> {
  return new Promise((resolve) => {
    const off = core.on('import:done', (payload) => {
      off();
      resolve(payload);
    });
  });
}

/** Makes the next import worker die in this way (the worker removes the file as it reads it). */
function arrangeDeath(mode: `mid-import ${number}` | 'when-idle' | 'at-start' | `reader ${number}`): void {
  const file = path.join(tempDir('stream-lens-die-'), 'die');
  writeFileSync(file, mode);
  process.env.STREAM_LENS_TEST_DIE_FILE = file;
}

const linesIn = (databasePath: string): number => {
  const db = openStore(databasePath);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return (db.prepare('SELECT COALESCE(SUM(line_no), 0) AS n FROM files').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

/** The library at `databasePath` holds exactly the rows of one clean import of `root`, table by table. */
function expectSameRows(databasePath: string, clean: StoreDatabase, root: string): void {
  const db = openStore(databasePath);
  try {
    const expected = storeContent(clean, root);
    const actual = storeContent(db, root);
    for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
  } finally {
    db.close();
  }
}

describe('an import worker that dies', () => {
  it('mid-import: the import fails with a message, keeps whole batches only, and the next import completes it', async () => {
    // Past the importer's 32 MiB batch, so the worker dies with one batch committed and the next one open.
    const root = tempDir('stream-lens-corpus-');
    generateCorpus({ dir: root, targetBytes: 70e6, seed: 12 });
    const clean = tempStore();
    const full = importPaths(clean.db, [root]);
    const databasePath = path.join(tempDir('stream-lens-db-'), 'crashed.db');
    const core = start(databasePath);

    arrangeDeath(`mid-import ${40e6}`);
    const failed = nextDone(core);
    core.addFolder(root);
    const outcome = await failed;
    expect(outcome.summary).toBeNull();
    expect(outcome.error).toMatch(
      /^The import worker stopped unexpectedly \(exit code 70\)\. Run the import again: it continues where it stopped\.$/,
    );
    // It died part-way: something was committed, not everything, and the file is sound.
    const linesAfterCrash = linesIn(databasePath);
    expect(linesAfterCrash).toBeGreaterThan(0);
    expect(linesAfterCrash).toBeLessThan(full.lines);
    expect((await core.handlers['import:status']({})).running).toBeNull();

    // The next import gets a fresh worker, reads only what was not committed, and ends with one clean import's rows.
    const again = nextDone(core);
    await core.handlers['import:start']({});
    const second = await again;
    expect(second.error).toBeNull();
    expect(second.summary?.lines).toBeLessThan(full.lines);
    await core.whenIdle();
    expectSameRows(databasePath, clean.db, root);
  }, 120_000);

  it('while idle between jobs: the next import starts a new worker instead of waiting forever', async () => {
    const root = bigTree();
    const core = start(path.join(tempDir('stream-lens-db-'), 'idle.db'));
    arrangeDeath('when-idle');
    const first = nextDone(core);
    core.addFolder(root);
    expect((await first).error).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the worker is gone by now

    const second = nextDone(core);
    await core.handlers['import:start']({});
    const outcome = await second;
    expect(outcome.error).toBeNull();
    expect(outcome.summary?.files_unchanged).toBe(outcome.summary?.files);
  }, 120_000);

  it('at start (an error event): the message says what failed and what to do, and the next import works', async () => {
    const root = bigTree();
    const core = start(path.join(tempDir('stream-lens-db-'), 'start.db'));
    arrangeDeath('at-start');
    const failed = nextDone(core);
    core.addFolder(root);
    const outcome = await failed;
    expect(outcome.error).toBe(
      'The import worker failed: the import worker could not start (test). Run the import again: it continues where it stopped.',
    );

    const again = nextDone(core);
    await core.handlers['import:start']({});
    const second = await again;
    expect(second.error).toBeNull();
    expect(second.summary?.lines).toBeGreaterThan(0);
  }, 120_000);
});

describe("a big import's reader worker that dies", () => {
  it('fails the import instead of waiting forever for its answers, and the next import completes it', async () => {
    // Big enough that the reader starts and answers before the importing thread has read everything itself.
    const root = tempDir('stream-lens-corpus-');
    generateCorpus({ dir: root, targetBytes: 70e6, seed: 13 });
    const clean = tempStore();
    importPaths(clean.db, [root]);
    const databasePath = path.join(tempDir('stream-lens-db-'), 'reader.db');
    service = createService({
      databasePath,
      host: 'serve',
      watch: false,
      s3AutoSyncMinutes: 0,
      importRunner: workerImportRunner({ readerWorkerFile: DYING_READER }),
    });
    const core = service;
    arrangeDeath('reader 2');
    const failed = nextDone(core);
    core.addFolder(root);
    const outcome = await Promise.race([
      failed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000)),
    ]);
    expect(outcome, 'the import never ended').not.toBeNull();
    expect(outcome?.error).toBe(
      'The reader worker stopped unexpectedly (exit code 72). Run the import again: it continues where it stopped.',
    );
    linesIn(databasePath); // the file is sound

    const again = nextDone(core);
    await core.handlers['import:start']({});
    expect((await again).error).toBeNull();
    await core.whenIdle();
    expectSameRows(databasePath, clean.db, root);
  }, 120_000);
});
