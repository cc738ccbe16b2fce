import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from '../../bench/generate-corpus';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin', 'stream-lens.mjs');

/**
 * A real-shaped big database for the responsiveness spec: the bench generator's line-heavy corpus
 * (335 MB: ~48,000 apps in 10 projects, hooks and legacy timing, failed streams), generated once
 * into a cache folder and imported into a database kept beside it. The generator reuses a corpus
 * whose manifest matches, and the import is incremental, so later runs only check the files
 * (seconds); the first run generates and imports in about 30 s on two cores.
 * STREAM_LENS_PERF_MB sizes it (e.g. 40 for a quicker look), STREAM_LENS_PERF_DIR moves the cache.
 */
export function ensureBigDatabase(): { databasePath: string; mb: number } {
  const mb = Number(process.env.STREAM_LENS_PERF_MB ?? '335');
  const dir = process.env.STREAM_LENS_PERF_DIR ?? path.join(os.tmpdir(), `stream-lens-perf-${mb}mb`);
  mkdirSync(dir, { recursive: true });
  const manifest = generateCorpus({
    dir: path.join(dir, 'corpus'),
    targetBytes: mb * 1e6,
    seed: 42,
    s3Fraction: 0.3,
    shape: 'line-heavy',
  });
  const databasePath = path.join(dir, 'perf.db');
  execFileSync(
    process.execPath,
    [CLI, 'import', manifest.roots.local, manifest.roots.s3, '--db', databasePath, '--json'],
    { stdio: 'ignore' },
  );
  return { databasePath, mb };
}
