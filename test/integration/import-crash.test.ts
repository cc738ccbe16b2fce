import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../bench/generate-corpus';
import { importPaths } from '../../src/core/importer/import-paths';
import { mulberry32 } from '../../src/core/metrics/random';
import { openStore, type StoreDatabase } from '../../src/core/store/open-store';
import { tempDir } from '../helpers/fixtures';
import { traceFingerprint } from '../helpers/run-traces';

const CLI = path.resolve(__dirname, '../../bin/stream-lens.mjs');
const KILLS = 12;

/** Everything the import wrote, as numbers that a doubled or lost row would change. */
function fingerprint(db: StoreDatabase) {
  const one = (sql: string) => db.prepare(sql).get();
  return {
    steps: one('SELECT COUNT(*) AS n, SUM(start_us % 1000003) AS h, SUM(failed) AS f FROM steps'),
    streams: one(
      'SELECT COUNT(*) AS n, SUM(items) AS items, SUM(generation_time_ms) AS g, SUM(end_us % 1000003) AS h FROM streams',
    ),
    // Spans and attributes as the run view reads them back (no longer rows: the span_keys migration).
    trace: traceFingerprint(db),
    quarantine: one('SELECT COUNT(*) AS n FROM quarantine'),
    raw: one('SELECT COUNT(*) AS n FROM raw_events'),
    apps: one('SELECT COUNT(*) AS n FROM apps'),
    files: one('SELECT COUNT(*) AS n, SUM(byte_offset) AS bytes, SUM(line_no) AS lines FROM files'),
  };
}

function importInChildAndKill(corpus: string, dbFile: string, killAfterMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'import', corpus, '--db', dbFile, '--json'], {
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? `exit ${code}`);
    });
  });
}

describe('an import killed at random moments', () => {
  let corpus: string;
  let reference: ReturnType<typeof fingerprint>;

  beforeAll(() => {
    corpus = tempDir('stream-lens-crash-');
    const manifest = generateCorpus({ dir: corpus, targetBytes: 40e6, seed: 11 });
    const db = openStore(path.join(tempDir(), 'clean.db'));
    importPaths(db, [corpus]);
    reference = fingerprint(db);
    expect((reference.streams as { n: number }).n).toBe(manifest.streams);
    db.close();
  }, 120_000);

  it(`gives exactly the rows of one clean import after a SIGKILL at a random point, ${KILLS} times`, async () => {
    // Calibrate: how long a whole import takes in a child process, startup included.
    const started = performance.now();
    await importInChildAndKill(corpus, path.join(tempDir(), 'calibrate.db'), 600_000);
    const fullMs = performance.now() - started;
    const random = mulberry32(20261124);
    let killedMidway = 0;
    for (let i = 0; i < KILLS; i++) {
      const dbFile = path.join(tempDir(), `crashed-${i}.db`);
      // Every third round kills twice, so a re-run that is itself killed is covered too.
      for (let k = 0; k < (i % 3 === 2 ? 2 : 1); k++) {
        const outcome = await importInChildAndKill(corpus, dbFile, Math.floor(random() * fullMs));
        if (outcome === 'SIGKILL') killedMidway++;
      }
      const db = openStore(dbFile);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      importPaths(db, [corpus]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(fingerprint(db)).toEqual(reference);
      db.close();
    }
    expect(killedMidway).toBeGreaterThan(KILLS / 2);
  }, 300_000);
});
