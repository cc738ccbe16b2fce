/**
 * `npx tsx bench/s3-sync-bench.ts [--copies 100] [--concurrency 8] [--latency 0] [--json]`
 *
 * S3 sync throughput against a local S3-protocol server (s3rver on 127.0.0.1):
 * the fixture bucket (test/fixtures/burr-logs/s3-download, 18 objects) is
 * uploaded `--copies` times under distinct app ids, then synced into a fresh
 * database and cache. Reports objects/s and MB/s (MB = 10^6 bytes) for the
 * whole sync (list + download + import) and for its download phase, the
 * importer alone on the same cache as a baseline, and a second, no-op sync.
 * `--latency MS` puts a proxy in front that delays every request, to see what
 * concurrency buys against a far-away region. s3rver itself is slow per
 * request (it stats and hashes files on every call), so the figures are a
 * floor for the client, not a measure of S3.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importPaths } from '../src/core/importer/import-paths';
import { type S3SyncProgress, s3CacheRoot, syncS3Source } from '../src/core/s3/s3-sync';
import { openStore } from '../src/core/store/open-store';
import {
  adminClient,
  createBucket,
  isolateAwsEnv,
  startFaultProxy,
  startS3rver,
  uploadTree,
} from '../test/helpers/s3-server';

const { values } = parseArgs({
  options: {
    copies: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
    latency: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  },
});
const copies = Math.max(1, Math.min(10_000, Number(values.copies)));
const concurrency = Math.max(1, Math.min(64, Number(values.concurrency)));
const latencyMs = Math.max(0, Math.min(10_000, Number(values.latency)));
const FIXTURE = path.resolve(import.meta.dirname, '../test/fixtures/burr-logs/s3-download');
const BUCKET = 'bench-burr-logs';

const work = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-s3-bench-'));
const restoreEnv = isolateAwsEnv(work);
const server = await startS3rver(path.join(work, 's3rver'));
const proxy = latencyMs > 0 ? await startFaultProxy(server.port, () => 'pass', { delayMs: latencyMs }) : null;
const endpoint = proxy?.endpoint ?? server.endpoint;
const admin = adminClient(server.endpoint);

try {
  await createBucket(admin, BUCKET);
  const uploadStarted = performance.now();
  let objects = 0;
  let bytes = 0;
  for (let i = 0; i < copies; i++) {
    // Copy i of every app: `s3-run-00` becomes `s3-run-00-c0042`, so each copy is a distinct app.
    const uploaded = await uploadTree(admin, BUCKET, FIXTURE, {
      mapKey: (key) => key.replace(/\/(s3-run-\d+)\//, `/$1-c${String(i).padStart(4, '0')}/`),
      concurrency: 16,
    });
    objects += uploaded.length;
    bytes += uploaded.reduce((sum, o) => sum + o.size, 0);
  }
  const uploadSeconds = (performance.now() - uploadStarted) / 1000;

  const db = openStore(path.join(work, 'bench.db'));
  const cacheDir = path.join(work, 'cache');
  // Time spent per phase, from the progress reports.
  const phaseMs: Record<S3SyncProgress['phase'], number> = {
    listing: 0,
    downloading: 0,
    importing: 0,
    done: 0,
  };
  let last: { phase: S3SyncProgress['phase']; at: number } | null = null;
  const onProgress = (p: S3SyncProgress): void => {
    const at = performance.now();
    if (last) phaseMs[last.phase] += at - last.at;
    last = { phase: p.phase, at };
  };
  const source = { bucket: BUCKET, endpoint, region: 'us-east-1' };
  const first = await syncS3Source(db, source, { cacheDir, concurrency, onProgress });
  const second = await syncS3Source(db, source, { cacheDir, concurrency });
  db.close();

  // The importer alone on the same files, into a fresh database: what the sync adds on top of it.
  const baselineDb = openStore(path.join(work, 'baseline.db'));
  const baselineStarted = performance.now();
  importPaths(baselineDb, [s3CacheRoot(cacheDir, BUCKET)]);
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;
  baselineDb.close();

  const mb = bytes / 1e6;
  const result = {
    setup: { copies, objects, mb: Number(mb.toFixed(2)), concurrency, latencyMs, uploadSeconds },
    firstSync: {
      seconds: first.seconds,
      objectsPerSecond: objects / first.seconds,
      mbPerSecond: mb / first.seconds,
      downloaded: first.downloaded,
      lines: first.lines,
      retries: first.retries,
      phaseSeconds: Object.fromEntries(Object.entries(phaseMs).map(([k, v]) => [k, v / 1000])),
      downloadObjectsPerSecond: objects / (phaseMs.downloading / 1000),
      downloadMbPerSecond: mb / (phaseMs.downloading / 1000),
    },
    importerAlone: {
      seconds: baselineSeconds,
      objectsPerSecond: objects / baselineSeconds,
      mbPerSecond: mb / baselineSeconds,
    },
    secondSync: { seconds: second.seconds, listed: second.listed, downloaded: second.downloaded },
  };
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    const f = (n: number, d = 1) => n.toFixed(d);
    console.log(
      `${objects} objects, ${f(mb, 2)} MB (${copies} copies of the fixture bucket), concurrency ${concurrency}` +
        `${latencyMs ? `, +${latencyMs} ms per request` : ''}`,
    );
    console.log(
      `first sync:   ${f(first.seconds, 2)} s = ${f(result.firstSync.objectsPerSecond, 0)} objects/s, ` +
        `${f(result.firstSync.mbPerSecond, 2)} MB/s (list ${f(phaseMs.listing / 1000, 2)} s, ` +
        `download ${f(phaseMs.downloading / 1000, 2)} s = ${f(result.firstSync.downloadObjectsPerSecond, 0)} objects/s ` +
        `${f(result.firstSync.downloadMbPerSecond, 2)} MB/s, import ${f(phaseMs.importing / 1000, 2)} s)`,
    );
    console.log(
      `importer alone on the same files: ${f(baselineSeconds, 2)} s = ${f(result.importerAlone.objectsPerSecond, 0)} objects/s`,
    );
    console.log(
      `second sync (nothing new): ${f(second.seconds, 2)} s, listed ${second.listed} (lookback), downloaded ${second.downloaded}`,
    );
  }
} finally {
  admin.destroy();
  await proxy?.close();
  await server.close();
  restoreEnv();
  rmSync(work, { recursive: true, force: true });
}
