import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { cachePathForKey, type S3ObjectMeta } from '../../src/core/s3/s3-download';
import { S3SyncError } from '../../src/core/s3/s3-errors';
import {
  checkS3Source,
  loadS3Source,
  loadS3Sources,
  registerS3Source,
} from '../../src/core/s3/s3-source-admin';
import { type S3SyncOptions, type S3SyncSummary, syncS3Source } from '../../src/core/s3/s3-sync';
import { s3SyncCountsSchema } from '../../src/core/s3/s3-sync-schemas';
import { openStore, type StoreDatabase } from '../../src/core/store/open-store';
import { countsByProject } from '../../src/core/store/project-counts';
import { S3_DOWNLOAD } from '../helpers/fixtures';
import { traceFingerprint } from '../helpers/run-traces';
import {
  adminClient,
  createBucket,
  type FaultProxy,
  isolateAwsEnv,
  type LocalS3,
  listFiles,
  startFaultProxy,
  startS3rver,
  type UploadedObject,
  uploadTree,
} from '../helpers/s3-server';

/**
 * S3 sync against a real S3-protocol server (s3rver) on 127.0.0.1, holding
 * the S3 fixture tree as a Burr S3 tracker wrote it. The reference for every
 * comparison is a plain folder import of the same tree.
 */

const CHILD = path.resolve(__dirname, '../helpers/s3-sync-child.ts');
const PROJECT = 'chatbot-s3';
/** Short retries and timeouts: every failure path of this file ends in seconds. */
const FAST = {
  retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  timeouts: { connectTimeoutMs: 2_000, idleTimeoutMs: 5_000 },
} satisfies Partial<S3SyncOptions>;

let work: string;
let s3: LocalS3;
let admin: S3Client;
let restoreEnv: () => void;
let objects: UploadedObject[];
let reference: { counts: ReturnType<typeof countsByProject>; metrics: unknown[]; fingerprint: Fingerprint };
let buckets = 0;
const closers: (() => Promise<void> | void)[] = [];

function dir(name: string): string {
  return mkdtempSync(path.join(work, `${name}-`));
}

function store(): StoreDatabase {
  const db = openStore(path.join(dir('db'), 'test.db'));
  closers.push(() => {
    db.close();
  });
  return db;
}

/** A new bucket holding the fixture tree, with Burr's object metadata. */
async function fixtureBucket(): Promise<string> {
  const bucket = `burr-logs-${++buckets}`;
  await createBucket(admin, bucket);
  objects = await uploadTree(admin, bucket, S3_DOWNLOAD);
  return bucket;
}

function source(bucket: string, endpoint = s3.endpoint) {
  return { bucket, endpoint, region: 'us-east-1' };
}

async function proxy(decide: Parameters<typeof startFaultProxy>[1]): Promise<FaultProxy> {
  const p = await startFaultProxy(s3.port, decide);
  closers.push(() => p.close());
  return p;
}

/** True for a GET of one object (path-style `/bucket/key`), false for listings and the rest. */
function isObjectGet(method: string | undefined, url: string | undefined): boolean {
  const parts = new URL(url ?? '/', 'http://x').pathname.split('/').filter(Boolean);
  return method === 'GET' && parts.length > 1;
}

type Fingerprint = Record<string, unknown>;

/** Everything an import wrote, as numbers that a doubled or lost row would change. */
function fingerprint(db: StoreDatabase): Fingerprint {
  const one = (sql: string) => db.prepare(sql).get();
  return {
    steps: one(
      'SELECT COUNT(*) AS n, SUM(start_us % 1000003) AS h, SUM(end_us % 1000003) AS e, SUM(failed) AS f FROM steps',
    ),
    streams: one(
      'SELECT COUNT(*) AS n, SUM(items) AS items, SUM(generation_time_ms) AS g, SUM(end_us % 1000003) AS h FROM streams',
    ),
    // Spans and attributes as the run view reads them back (no longer rows: the span_keys migration).
    trace: traceFingerprint(db),
    quarantine: one('SELECT COUNT(*) AS n FROM quarantine'),
    raw: one('SELECT COUNT(*) AS n FROM raw_events'),
    apps: one(
      'SELECT COUNT(*) AS n, SUM(length(g.json)) AS g, COUNT(partition_key) AS pk FROM apps a LEFT JOIN graphs g ON g.id = a.graph_id',
    ),
    files: one(
      'SELECT COUNT(*) AS n, SUM(byte_offset) AS bytes, SUM(line_no) AS lines, COUNT(error) AS errors FROM files',
    ),
  };
}

function metricsRows(db: StoreDatabase): unknown[] {
  return db
    .prepare(
      `SELECT project, app_id, partition_key, sequence_id, action, step_start_us, step_end_us, stream_start_us,
         failed, timing_source, items, ttft_ms, generation_ms, consumer_ms, gen_share, stream_ms,
         legacy_ms_per_item, inter_item_ms, items_per_s
       FROM stream_metrics ORDER BY project, app_id, partition_key, sequence_id`,
    )
    .all();
}

/** Every row of every table, for "the database was left as it was". */
function snapshot(db: StoreDatabase): Record<string, unknown[]> {
  const tables = db
    .prepare(
      "SELECT name, sql LIKE '%WITHOUT ROWID%' AS keyed FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string; keyed: number }[];
  // A WITHOUT ROWID table (span_keys) has no rowid: it is read in its primary key's order.
  return Object.fromEntries(
    tables.map(({ name, keyed }) => [
      name,
      db.prepare(`SELECT * FROM "${name}"${keyed ? '' : ' ORDER BY rowid'}`).all(),
    ]),
  );
}

async function syncError(promise: Promise<unknown>): Promise<S3SyncError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(S3SyncError);
    return error as S3SyncError;
  }
  throw new Error('expected the sync to fail');
}

function partFiles(cacheDir: string): string[] {
  return existsSync(cacheDir) ? listFiles(cacheDir).filter((f) => f.endsWith('.part')) : [];
}

function lastKey(keys: readonly string[]): string {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).at(-1) ?? '';
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-s3-'));
  restoreEnv = isolateAwsEnv(work);
  s3 = await startS3rver(dir('s3rver'));
  admin = adminClient(s3.endpoint);

  const db = store();
  importPaths(db, [S3_DOWNLOAD]);
  reference = { counts: countsByProject(db), metrics: metricsRows(db), fingerprint: fingerprint(db) };
  expect(Object.keys(reference.counts)).toEqual([PROJECT]);
  expect(reference.metrics.length).toBeGreaterThan(0);
});

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  admin?.destroy();
  await s3?.close();
  restoreEnv?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('syncing a bucket, then syncing it again', () => {
  // These run in order on one bucket and one database: each sync builds on the last.
  let bucket: string;
  let db: StoreDatabase;
  let cacheDir: string;
  let first: S3SyncSummary;
  const marks = () => db.prepare('SELECT project, last_key AS lastKey FROM s3_sync_state').all();

  beforeAll(async () => {
    bucket = await fixtureBucket();
    db = store();
    cacheDir = dir('cache');
    first = await syncS3Source(db, source(bucket), { cacheDir, ...FAST });
  });

  it('imports on the first sync exactly what a folder import of the same tree imports', () => {
    expect(first).toMatchObject({
      listed: objects.length,
      downloaded: objects.length,
      skipped: 0,
      ignored: 0,
      cancelled: false,
      file_errors: 0,
      quarantined: 0,
      errors: [],
    });
    expect(objects.length).toBe(18);
    expect(first.downloadBytes).toBe(objects.reduce((sum, o) => sum + o.size, 0));
    expect(countsByProject(db)).toEqual(reference.counts);
    expect(first.projects).toEqual(reference.counts);
    expect(metricsRows(db)).toEqual(reference.metrics);
    expect(fingerprint(db)).toEqual(reference.fingerprint);
    expect(s3SyncCountsSchema.safeParse(first).success).toBe(true);
  });

  it('mirrors the bucket in the cache, byte for byte, with no .part left', () => {
    for (const o of objects) {
      const cached = cachePathForKey(cacheDir, bucket, o.key);
      expect(cached).toBe(path.join(cacheDir, bucket, ...o.key.split('/')));
      expect(readFileSync(cached ?? '')).toEqual(readFileSync(path.join(S3_DOWNLOAD, o.key)));
    }
    expect(partFiles(cacheDir)).toEqual([]);
  });

  it('records one s3 source (no credentials in it) that owns every file', () => {
    const sources = db.prepare('SELECT id, kind, location, config FROM sources').all() as {
      id: number;
      kind: string;
      location: string;
      config: string;
    }[];
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ kind: 's3', location: `s3://${bucket}/data/` });
    expect(JSON.parse(sources[0]?.config ?? '')).toEqual({
      bucket,
      prefix: 'data/',
      endpoint: s3.endpoint,
      region: 'us-east-1',
    });
    expect(sources[0]?.config).not.toMatch(/S3RVER|secret|accessKey/i);
    expect(first.sourceId).toBe(sources[0]?.id);
    const strays = db.prepare('SELECT COUNT(*) AS n FROM files WHERE source_id IS NOT ?').get(first.sourceId);
    expect(strays).toEqual({ n: 0 });
  });

  it("stores each log object's S3 metadata in files.s3_meta", () => {
    const logs = objects.filter((o) => o.key.endsWith('__log.jsonl'));
    expect(logs.length).toBeGreaterThan(5);
    const get = db.prepare('SELECT s3_meta AS meta FROM files WHERE path = ?');
    for (const o of logs) {
      const row = get.get(cachePathForKey(cacheDir, bucket, o.key)) as { meta: string };
      const meta = JSON.parse(row.meta) as S3ObjectMeta;
      expect(meta).toMatchObject({ key: o.key, size: o.size });
      expect(meta.etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(meta.metadata).toEqual(o.metadata);
      expect(Number(meta.metadata.min_sequence_id)).toBeLessThanOrEqual(
        Number(meta.metadata.max_sequence_id),
      );
    }
  });

  it('keeps the last imported key as the high-water mark', () => {
    expect(marks()).toEqual([{ project: PROJECT, lastKey: lastKey(objects.map((o) => o.key)) }]);
  });

  it('downloads and imports nothing on a second sync', async () => {
    const again = await syncS3Source(db, source(bucket), { cacheDir, ...FAST });
    expect(again).toMatchObject({
      downloaded: 0,
      downloadBytes: 0,
      lines: 0,
      files_read: 0,
      cancelled: false,
    });
    // The lookback lists the last minutes again; those objects are recognised as imported.
    expect(again.skipped).toBe(again.listed);
    const noLookback = await syncS3Source(db, source(bucket), { cacheDir, ...FAST, lookbackMs: 0 });
    expect(noLookback).toMatchObject({ listed: 0, downloaded: 0, lines: 0 });
    expect(fingerprint(db)).toEqual(reference.fingerprint);
  });

  it('picks up a new app in a new time folder on the next sync', async () => {
    const app = 's3-run-00';
    const added = await uploadTree(admin, bucket, S3_DOWNLOAD, {
      // The same run again as a new app, one minute after everything else.
      mapKey: (key) =>
        key.replace(/\/00\/41:(\d\d\.\d+)\/(tenant-\d)\/s3-run-00\//, '/00/45:$1/$2/s3-run-50/'),
    }).then((all) => all.filter((o) => o.key.includes('/s3-run-50/')));
    expect(added.length).toBeGreaterThan(2);
    const before = countsByProject(db)[PROJECT];
    const next = await syncS3Source(db, source(bucket), { cacheDir, ...FAST });
    expect(next).toMatchObject({ downloaded: added.length, cancelled: false, file_errors: 0 });
    const after = countsByProject(db)[PROJECT];
    const original = reference.counts[PROJECT];
    expect(after?.apps).toBe((before?.apps ?? 0) + 1);
    const apps = db.prepare("SELECT app_id FROM apps WHERE app_id IN (?, 's3-run-50')").all(app);
    expect(apps).toHaveLength(2);
    // The copy streams exactly like the original app.
    const streamsOf = (id: string) =>
      db
        .prepare('SELECT COUNT(*) AS n FROM streams s JOIN apps a ON a.id = s.app_ref WHERE a.app_id = ?')
        .get(id);
    expect(streamsOf('s3-run-50')).toEqual(streamsOf(app));
    expect(after?.streams).toBeGreaterThan(original?.streams ?? 0);
    expect(marks()).toEqual([{ project: PROJECT, lastKey: lastKey(added.map((o) => o.key)) }]);
  });

  it('picks up a late upload within the lookback, and an older one on a rescan', async () => {
    const copy = (from: string, to: string, time: string) =>
      uploadTree(admin, bucket, S3_DOWNLOAD, {
        mapKey: (key) =>
          key.replace(new RegExp(`/24/00/41:(\\d\\d\\.\\d+)/(tenant-\\d)/${from}/`), `${time}$1/$2/${to}/`),
      }).then((all) => all.filter((o) => o.key.includes(`/${to}/`)));
    // Uploaded after the mark moved to 00/45, but named from a writer's clock 2 minutes earlier...
    const late = await copy('s3-run-01', 's3-run-51', '/24/00/43:');
    // ...and one named an hour earlier: beyond the lookback.
    const old = await copy('s3-run-02', 's3-run-52', '/23/23/41:');
    expect(late.length).toBeGreaterThan(0);
    expect(old.length).toBeGreaterThan(0);

    const next = await syncS3Source(db, source(bucket), { cacheDir, ...FAST });
    expect(next.downloaded).toBe(late.length);
    const appIds = () =>
      (db.prepare('SELECT app_id FROM apps ORDER BY app_id').all() as { app_id: string }[]).map(
        (r) => r.app_id,
      );
    expect(appIds()).toContain('s3-run-51');
    expect(appIds()).not.toContain('s3-run-52');

    const rescan = await syncS3Source(db, source(bucket), { cacheDir, ...FAST, rescan: true });
    expect(rescan.downloaded).toBe(old.length);
    expect(rescan.skipped).toBe(rescan.listed - old.length);
    expect(appIds()).toContain('s3-run-52');
    const attributes = traceFingerprint(db).attributes;
    const files = db.prepare('SELECT COUNT(*) AS n FROM files').get();
    // A further rescan changes nothing: no object is imported twice.
    const idle = await syncS3Source(db, source(bucket), { cacheDir, ...FAST, rescan: true });
    expect(idle).toMatchObject({ downloaded: 0, lines: 0 });
    expect(traceFingerprint(db).attributes).toEqual(attributes);
    expect(db.prepare('SELECT COUNT(*) AS n FROM files').get()).toEqual(files);
  });

  it('fetches a file lost from the cache again on a rescan, without importing it twice', async () => {
    const lost = objects.find((o) => o.key.endsWith('__log.jsonl'));
    const file = cachePathForKey(cacheDir, bucket, lost?.key ?? '') ?? '';
    // Taken while the file is there: its spans and attributes are read back from it.
    const before = fingerprint(db);
    rmSync(file);
    const repaired = await syncS3Source(db, source(bucket), { cacheDir, ...FAST, rescan: true });
    expect(repaired).toMatchObject({ downloaded: 1, lines: 0, rereads: [] });
    expect(readFileSync(file)).toEqual(readFileSync(path.join(S3_DOWNLOAD, lost?.key ?? '')));
    expect(fingerprint(db)).toEqual(before);
  });
});

describe('a sync stopped midway', () => {
  let bucket: string;

  beforeAll(async () => {
    bucket = await fixtureBucket();
  });

  it('cancelled during downloads, then run again, ends complete with no duplicates', async () => {
    const db = store();
    const cacheDir = dir('cache');
    const p = await proxy(() => 'pass');
    const gets = () => p.requests.filter((r) => isObjectGet(r.method, r.url)).length;
    const cancelled = await syncS3Source(db, source(bucket, p.endpoint), {
      cacheDir,
      ...FAST,
      pageSize: 4,
      concurrency: 2,
      shouldCancel: () => gets() >= 7,
    });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.downloaded).toBeLessThan(objects.length);
    const mark = db.prepare('SELECT last_key AS k FROM s3_sync_state').get() as { k: string } | undefined;
    expect(mark?.k ?? '').not.toBe(lastKey(objects.map((o) => o.key)));

    const resumed = await syncS3Source(db, source(bucket, p.endpoint), { cacheDir, ...FAST, pageSize: 4 });
    expect(resumed.cancelled).toBe(false);
    expect(cancelled.downloaded + resumed.downloaded).toBe(objects.length);
    expect(fingerprint(db)).toEqual(reference.fingerprint);
    expect(metricsRows(db)).toEqual(reference.metrics);
    expect(partFiles(cacheDir)).toEqual([]);
  });

  it('cancelled during the import, then run again, ends complete with no duplicates', async () => {
    const db = store();
    const cacheDir = dir('cache');
    let importing = false;
    let checks = 0;
    const cancelled = await syncS3Source(db, source(bucket), {
      cacheDir,
      ...FAST,
      onProgress: (p) => {
        if (p.phase === 'importing') importing = true;
      },
      // Stop a few files into the import of the page.
      shouldCancel: () => importing && ++checks > 6,
    });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.files_read).toBeLessThan(objects.length);
    // The mark may cover the first keys (imported before the stop), never the whole page.
    const mark = db.prepare('SELECT last_key AS k FROM s3_sync_state').get() as { k: string } | undefined;
    expect(mark?.k ?? '').not.toBe(lastKey(objects.map((o) => o.key)));

    const resumed = await syncS3Source(db, source(bucket), { cacheDir, ...FAST });
    expect(resumed).toMatchObject({ cancelled: false, downloaded: 0 });
    expect(fingerprint(db)).toEqual(reference.fingerprint);
    expect(metricsRows(db)).toEqual(reference.metrics);
  });

  it('failing mid-download (connection cut, no retries) and run again, continues the partial files', async () => {
    const db = store();
    const cacheDir = dir('cache');
    const cut = await proxy((req) => (isObjectGet(req.method, req.url) ? 'cut-body' : 'pass'));
    const error = await syncError(
      syncS3Source(db, source(bucket, cut.endpoint), { cacheDir, ...FAST, retry: { attempts: 1 } }),
    );
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/Cannot reach .* then sync again/);
    expect(partFiles(cacheDir).length).toBeGreaterThan(0);
    expect(fingerprint(db)).toMatchObject({ files: { n: 0, bytes: null, lines: null, errors: 0 } });

    const ok = await proxy(() => 'pass');
    const resumed = await syncS3Source(db, source(bucket, ok.endpoint), { cacheDir, ...FAST });
    expect(resumed.cancelled).toBe(false);
    const ranged = ok.requests.filter((r) => r.range !== null);
    expect(ranged.length).toBeGreaterThan(0);
    expect(ranged.every((r) => /^bytes=\d+-$/.test(r.range ?? ''))).toBe(true);
    // Only the missing halves travelled the second time.
    expect(resumed.downloadBytes).toBeLessThan(objects.reduce((sum, o) => sum + o.size, 0));
    expect(fingerprint(db)).toEqual(reference.fingerprint);
    expect(partFiles(cacheDir)).toEqual([]);
  });

  it('killed (SIGKILL) in the middle of downloads, then run again, ends complete with no duplicates', async () => {
    const dbFile = path.join(dir('db'), 'killed.db');
    const cacheDir = dir('cache');
    let passed = 0;
    // The first 4 objects come through; every later one stalls half-way, so the kill lands mid-download.
    const stall = await proxy((req) => {
      if (!isObjectGet(req.method, req.url)) return 'pass';
      passed++;
      return passed <= 4 ? 'pass' : 'stall';
    });
    const outcome = await new Promise<string>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', CHILD, dbFile, cacheDir, bucket, stall.endpoint],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: process.env,
        },
      );
      let out = '';
      const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/downloaded 4\b/.test(out)) setTimeout(() => child.kill('SIGKILL'), 300);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.on('exit', (code, signal) => {
        clearTimeout(guard);
        resolve(`${signal ?? `exit ${code}`} ${out.includes('finished') ? 'finished' : ''}`.trim());
      });
    });
    expect(outcome).toBe('SIGKILL');
    expect(partFiles(cacheDir).length).toBeGreaterThan(0);
    // The dead process's lock is still there; the next sync takes it over.
    expect(existsSync(path.join(cacheDir, bucket, '.stream-lens-sync.lock'))).toBe(true);

    const db = openStore(dbFile);
    closers.push(() => {
      db.close();
    });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const ok = await proxy(() => 'pass');
    const resumed = await syncS3Source(db, source(bucket, ok.endpoint), { cacheDir, ...FAST });
    expect(resumed).toMatchObject({ cancelled: false, downloaded: objects.length - 4 });
    expect(ok.requests.some((r) => r.range !== null)).toBe(true);
    expect(fingerprint(db)).toEqual(reference.fingerprint);
    expect(metricsRows(db)).toEqual(reference.metrics);
    expect(partFiles(cacheDir)).toEqual([]);
  });
});

describe('an unreliable connection', () => {
  it('retries throttling, 5xx, dropped connections and cut bodies with backoff, and still imports everything once', async () => {
    const bucket = await fixtureBucket();
    const db = store();
    // Faults by request number, but at most 3 for one request: with 6 attempts each request gets
    // through whatever order the concurrent downloads take (a busy machine reorders them).
    const faultsPerRequest = new Map<string, number>();
    const flaky = await proxy((req, i) => {
      if (i >= 60) return 'pass';
      const fault =
        i % 5 === 1
          ? 'slowdown'
          : i % 7 === 3
            ? 'reset'
            : isObjectGet(req.method, req.url) && i % 4 === 2
              ? 'cut-body'
              : 'pass';
      const key = `${req.method} ${req.url}`;
      const earlier = faultsPerRequest.get(key) ?? 0;
      if (fault === 'pass' || earlier >= 3) return 'pass';
      faultsPerRequest.set(key, earlier + 1);
      return fault;
    });
    const summary = await syncS3Source(db, source(bucket, flaky.endpoint), {
      cacheDir: dir('cache'),
      ...FAST,
      retry: { attempts: 6, baseDelayMs: 5, maxDelayMs: 40 },
    });
    const faults = new Set(flaky.requests.map((r) => r.fault));
    expect([...faults].sort()).toEqual(['cut-body', 'pass', 'reset', 'slowdown']);
    expect(summary.retries).toBeGreaterThan(3);
    expect(summary).toMatchObject({ cancelled: false, downloaded: objects.length });
    expect(fingerprint(db)).toEqual(reference.fingerprint);
  });

  it('gives up on a stalled download after the idle timeout and retries it', async () => {
    const bucket = await fixtureBucket();
    const db = store();
    let stalled = 0;
    const slow = await proxy((req) => {
      if (isObjectGet(req.method, req.url) && stalled === 0) {
        stalled++;
        return 'stall';
      }
      return 'pass';
    });
    const started = performance.now();
    const summary = await syncS3Source(db, source(bucket, slow.endpoint), {
      cacheDir: dir('cache'),
      ...FAST,
      timeouts: { connectTimeoutMs: 2_000, idleTimeoutMs: 400 },
    });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(summary.retries).toBeGreaterThanOrEqual(1);
    expect(fingerprint(db)).toEqual(reference.fingerprint);
  });
});

describe('errors a user can act on, with the database left as it was', () => {
  let db: StoreDatabase;
  let cacheDir: string;
  let bucket: string;
  let before: Record<string, unknown[]>;
  let envDir: string;

  beforeAll(async () => {
    bucket = await fixtureBucket();
    db = store();
    cacheDir = dir('cache');
    envDir = dir('env');
    await syncS3Source(db, source(bucket), { cacheDir, ...FAST });
    // A new object waits in the bucket, so a sync that got through would change the database.
    await uploadTree(admin, bucket, S3_DOWNLOAD, {
      mapKey: (key) =>
        key.replace(/\/00\/41:(\d\d\.\d+)\/(tenant-\d)\/s3-run-00\//, '/00/49:$1/$2/s3-run-60/'),
    });
    before = snapshot(db);
  });

  const expectUnchanged = () => expect(snapshot(db)).toEqual(before);

  it('a wrong access key: credentials', async () => {
    const restore = isolateAwsEnv(envDir, 'NOT-A-KEY');
    try {
      const error = await syncError(syncS3Source(db, source(bucket), { cacheDir, ...FAST }));
      expect(error).toMatchObject({ kind: 'credentials', code: 'InvalidAccessKeyId' });
      expect(error.message).toMatch(/did not accept the AWS credentials.*AWS_ACCESS_KEY_ID.*sync again/);
    } finally {
      restore();
    }
    // s3rver does not verify SigV4 signatures, so a wrong *secret* (SignatureDoesNotMatch) cannot be
    // produced here; it is classified the same way (see s3-errors.test.ts).
    expectUnchanged();
  });

  it('no credentials anywhere: credentials, saying where they can come from', async () => {
    const restore = isolateAwsEnv(envDir, null);
    try {
      const error = await syncError(syncS3Source(db, source(bucket), { cacheDir, ...FAST }));
      expect(error).toMatchObject({ kind: 'credentials', code: 'CredentialsProviderError' });
      expect(error.message).toMatch(/AWS_ACCESS_KEY_ID.*aws sso login/);
    } finally {
      restore();
    }
    expectUnchanged();
  });

  it('a profile picks its credentials from the shared files; an unknown profile is a credentials error', async () => {
    const restore = isolateAwsEnv(envDir, null);
    try {
      // A file no earlier test read: the SDK caches ~/.aws files per path for the life of the process.
      process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(envDir, 'credentials-with-profile');
      writeFileSync(
        process.env.AWS_SHARED_CREDENTIALS_FILE,
        '[stream-lens-test]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n',
      );
      const error = await syncError(
        syncS3Source(db, { ...source(bucket), profile: 'nobody' }, { cacheDir, ...FAST }),
      );
      expect(error.kind).toBe('credentials');
      expect(error.message).toContain('"nobody"');
      expectUnchanged();
      const other = await fixtureBucket();
      const scratch = store();
      const ok = await syncS3Source(
        scratch,
        { ...source(other), profile: 'stream-lens-test' },
        { cacheDir: dir('cache'), ...FAST },
      );
      expect(ok.downloaded).toBe(objects.length);
    } finally {
      rmSync(process.env.AWS_SHARED_CREDENTIALS_FILE ?? '', { force: true });
      restore();
    }
  });

  it('a missing bucket: no-bucket', async () => {
    const error = await syncError(syncS3Source(db, source('no-such-bucket'), { cacheDir, ...FAST }));
    expect(error).toMatchObject({ kind: 'no-bucket', code: 'NoSuchBucket' });
    expect(error.message).toMatch(/bucket "no-such-bucket" does not exist.*Check the bucket name/);
    expectUnchanged();
  });

  it('access denied: access-denied, naming the permissions needed', async () => {
    const denied = await proxy(() => 'denied');
    const error = await syncError(syncS3Source(db, source(bucket, denied.endpoint), { cacheDir, ...FAST }));
    expect(error).toMatchObject({ kind: 'access-denied', code: 'AccessDenied' });
    expect(error.message).toMatch(/s3:ListBucket.*s3:GetObject/);
    expect(denied.requests).toHaveLength(1); // not retried
    expectUnchanged();
  });

  it('a stopped server: network, after retrying', async () => {
    const gone = await startS3rver(dir('gone'));
    await gone.close();
    const started = performance.now();
    const error = await syncError(syncS3Source(db, source(bucket, gone.endpoint), { cacheDir, ...FAST }));
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' });
    expect(error.message).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:\d+ .*server is running.*sync again/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expectUnchanged();
  });
});

describe('one sync at a time per cached bucket', () => {
  it('refuses a second sync of the same bucket into the same cache while one runs', async () => {
    const bucket = await fixtureBucket();
    const db = store();
    const cacheDir = dir('cache');
    // The lock is taken before the first await, so the second call meets it.
    const running = syncS3Source(db, source(bucket), { cacheDir, ...FAST });
    const error = await syncError(syncS3Source(store(), source(bucket), { cacheDir, ...FAST }));
    expect(error.kind).toBe('other');
    expect(error.message).toMatch(/Another sync of s3:\/\/burr-logs-\d+ is running \(process \d+/);
    await expect(running).resolves.toMatchObject({ downloaded: objects.length });
    // Released when done: the next one runs.
    await expect(syncS3Source(db, source(bucket), { cacheDir, ...FAST })).resolves.toMatchObject({
      downloaded: 0,
    });
  });
});

describe('adding an S3 source', () => {
  it('checks that the bucket answers without writing anything, then registers and loads it back', async () => {
    const bucket = await fixtureBucket();
    const checked = await checkS3Source({ ...source(bucket), prefix: 'data' }, { retry: FAST.retry });
    expect(checked.projects).toEqual([PROJECT]);
    expect(checked.config.prefix).toBe('data/');
    const missing = await syncError(checkS3Source(source('no-such-bucket'), { retry: FAST.retry }));
    expect(missing.kind).toBe('no-bucket');

    const db = store();
    const added = registerS3Source(db, checked.config);
    expect(added.location).toBe(`s3://${bucket}/data/`);
    expect(loadS3Source(db, added.sourceId)).toEqual(added);
    expect(loadS3Sources(db)).toEqual({ sources: [added], invalid: [] });
    const synced = await syncS3Source(db, added.config, { cacheDir: dir('cache'), ...FAST });
    expect(synced.sourceId).toBe(added.sourceId);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sources').get()).toEqual({ n: 1 });

    db.prepare('UPDATE sources SET config = \'{"bucket":"x"}\' WHERE id = ?').run(added.sourceId);
    expect(loadS3Sources(db).invalid).toEqual([
      {
        sourceId: added.sourceId,
        location: added.location,
        message: expect.stringMatching(/Invalid S3 source/),
      },
    ]);
  });
});
