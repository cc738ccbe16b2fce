import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { appsOf } from '../../src/core/metrics/app-table';
import { sortColumn } from '../../src/core/metrics/sorted-column';
import { knownSortedOrders, SORTED_KEYS, SortedOrders } from '../../src/core/metrics/sorted-orders';
import type { Service } from '../../src/core/service';
import { crcTrailer } from '../../src/core/store/facts-snapshot-check';
import { checkSharedBytesOffThread } from '../../src/core/store/facts-snapshot-check-thread';
import { readSnapshotFile, writeSnapshotFile } from '../../src/core/store/facts-snapshot-file';
import { readSnapshotFileAsync } from '../../src/core/store/facts-snapshot-read';
import { copyFixture, tempDir } from '../helpers/fixtures';
import { appendStreamCopy, serviceStarter } from '../helpers/services';

/**
 * The dashboard snapshot saved next to the database (<db>.facts): a service started on it answers
 * exactly as one that read every stream from SQL, after imports, a source removal and a reimport
 * too; a file that is stale, damaged, cut short or another database's is never used.
 */

const CLI = path.resolve(import.meta.dirname, '../../bin/stream-lens.mjs');

// Without the saved views (saved-views.test.ts), which would answer the dashboards before the snapshot is read.
const { start, stop } = serviceStarter({ withoutSavedViews: true });

/** The file's bytes with their check (a CRC-32, as this code writes) recomputed. */
function rechecked(out: Buffer): Buffer {
  out.set(crcTrailer(crc32(out.subarray(0, out.length - 32))), out.length - 32);
  return out;
}

/** A saved file with its header edited (same length) and its check recomputed: intact, but different. */
function rehashed(file: Buffer, from: RegExp, to: (match: string, value: string) => string): Buffer {
  const out = Buffer.from(file);
  const length = out.readUInt32LE(8);
  const header = out.toString('utf8', 16, 16 + length).replace(from, to);
  expect(Buffer.byteLength(header)).toBe(length);
  out.write(header, 16, 'utf8');
  return rechecked(out);
}

/** The saved file with `edit` applied to its bytes (given its header and where its data starts), rehashed. */
function edited(file: Buffer, edit: (out: Buffer, header: SavedHeader, dataStart: number) => void): Buffer {
  const out = Buffer.from(file);
  const length = out.readUInt32LE(8);
  const header = JSON.parse(out.toString('utf8', 16, 16 + length)) as SavedHeader;
  edit(out, header, Math.ceil((16 + length) / 8) * 8);
  return rechecked(out);
}
interface SavedHeader {
  sortedNonFailed: { key: string; rows: number; values: number; length: number }[];
}

const bits = (a: Float64Array | Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * The sorted columns saved in the file: one per key the dashboards read, each what sorting the
 * saved column gives, bit for bit (values; -0 before +0), each row once with its own value. `rows`
 * 'as sorted': the very rows a sort gives (a file saved after a full sort; one saved after orders
 * were derived may order tied rows otherwise, which no answer can tell apart).
 */
function expectSavedOrdersSorted(db: string, rows: 'as sorted' | 'any tie order') {
  const saved = readSnapshotFile(`${db}.facts`);
  if (!saved) throw new Error('no saved snapshot');
  const orders = knownSortedOrders(saved);
  expect([...orders.keys()].sort()).toEqual([...SORTED_KEYS].sort());
  for (const key of SORTED_KEYS) {
    const got = orders.get(key);
    const fresh = sortColumn(saved[key], saved.failed);
    if (!got) throw new Error(key);
    expect({ key, values: bits(got.values).equals(bits(fresh.values)) }).toEqual({ key, values: true });
    if (rows === 'as sorted')
      expect({ key, rows: bits(got.rows).equals(bits(fresh.rows)) }).toEqual({ key, rows: true });
    expect(new Set(got.rows).size).toBe(got.rows.length);
    expect([...got.rows].every((row, k) => Object.is(saved[key][row], got.values[k]))).toBe(true);
  }
  // Seeded: a dashboard's orders on this snapshot sort and derive nothing, and read the saved ones.
  const dashboardOrders = new SortedOrders();
  for (const key of SORTED_KEYS) expect(dashboardOrders.column(saved, key)).toBe(orders.get(key));
  expect(dashboardOrders.made).toEqual({ sorted: 0, derived: 0 });
}

/** Everything the dashboard and the filter bar show, for the whole library and per project. */
async function answers(s: Service) {
  const h = s.handlers;
  const projects = (await h['library:projects']({})).map((p) => p.name);
  const all = await h['dashboard:get']({ filter: {}, ttftLog: false, splitSort: 'total' });
  const perProject = [];
  for (const project of projects) {
    perProject.push(await h['dashboard:get']({ filter: { project }, ttftLog: true, splitSort: 'share' }));
    perProject.push(await h['filters:options']({ project }));
  }
  const sources = await h['sources:list']({});
  const bySource = [];
  for (const { id } of sources)
    bySource.push(await h['dashboard:get']({ filter: { sourceId: id }, ttftLog: false, splitSort: 'total' }));
  return { projects, all, perProject, bySource, options: await h['filters:options']({}) };
}

/** The answers of a service that reads every stream from SQL (no saved file), its file removed after. */
async function fromSql(db: string) {
  rmSync(`${db}.facts`, { force: true });
  const s = start(db);
  const out = await answers(s);
  expect(await s.snapshotSaved()).toBe('sql');
  stop(s);
  rmSync(`${db}.facts`, { force: true });
  return out;
}

/** A library of both fixture layouts, imported; the service closed with its snapshot saved. */
async function library() {
  const dir = tempDir();
  const db = path.join(dir, 'lens.db');
  const local = copyFixture('local');
  const s3 = copyFixture('s3-download');
  const s = start(db);
  s.addFolder(local);
  s.addFolder(s3);
  await s.whenIdle();
  const first = await answers(s);
  expect(await s.snapshotSaved()).toBe('sql');
  expect(existsSync(`${db}.facts`)).toBe(true);
  stop(s);
  return { db, local, s3, first };
}

describe('the saved dashboard snapshot', () => {
  it('starts a service with the same answers as a read from SQL, after imports, a removal and a reimport', async () => {
    const { db, local, s3, first } = await library();
    expect(first.all.counts.streams).toBe(80);
    // Read from SQL, sorted in the worker, saved with the snapshot.
    expectSavedOrdersSorted(db, 'as sorted');

    // Started on the saved file: nothing read from SQL, the same answers.
    let s = start(db);
    expect(await answers(s)).toEqual(first);
    expect(await s.snapshotSaved()).toBe('file');
    const saved = readFileSync(`${db}.facts`);

    // An import appending a stream to one app: refreshed in memory, saved again.
    appendStreamCopy(local, 99);
    await s.handlers['import:start']({});
    await s.whenIdle();
    const afterImport = await answers(s);
    expect(afterImport.all.counts.streams).toBe(81);
    await s.snapshotSaved();
    stop(s);
    // Derived from the seeded ones by the dashboards after the import, saved with the new version.
    expectSavedOrdersSorted(db, 'any tie order');
    s = start(db);
    expect(await answers(s)).toEqual(afterImport);
    expect(await s.snapshotSaved()).toBe('file');

    // A source removed (a full reload, from the file and the apps changed since), then added again.
    const [localSource] = await s.handlers['sources:list']({});
    await s.handlers['sources:remove']({ sourceId: localSource?.id as number });
    const afterRemoval = await answers(s);
    expect(afterRemoval.projects).toEqual(['chatbot-s3']);
    expect(await s.snapshotSaved()).toBe('file+changes');
    stop(s);
    // Derived in the worker from the file's, with the apps changed since.
    expectSavedOrdersSorted(db, 'any tie order');
    s = start(db);
    expect(await answers(s)).toEqual(afterRemoval);
    expect(await s.snapshotSaved()).toBe('file');
    s.addFolder(local);
    await s.whenIdle();
    const afterReimport = await answers(s);
    expect(afterReimport.all.counts.streams).toBe(81);
    await s.snapshotSaved();
    stop(s);

    s = start(db);
    expect(await answers(s)).toEqual(afterReimport);
    expect(await s.snapshotSaved()).toBe('file');
    stop(s);
    const reference = await fromSql(db);
    expect(afterReimport).toEqual(reference);

    // The file saved before all that: this database's, some versions old. Brought up to date by
    // re-reading the apps changed since, it gives the same answers.
    writeFileSync(`${db}.facts`, saved);
    s = start(db);
    expect(await answers(s)).toEqual(reference);
    expect(await s.snapshotSaved()).toBe('file+changes');
    stop(s);
    expectSavedOrdersSorted(db, 'any tie order');
    expect(s3).toBeTruthy();
  });

  it('checks the bytes on another thread as they are read, while this one decodes them: the same check, and a damaged file is refused', async () => {
    const { db } = await library();
    const good = readFileSync(`${db}.facts`);
    const body = good.length - 32;
    // The file ends with the CRC-32 of the rest (and zeros), as zlib works it out.
    const crc = Buffer.alloc(32);
    crc.writeUInt32LE(crc32(good.subarray(0, body)), 0);
    expect(good.subarray(body).equals(crc)).toBe(true);
    // The bytes handed over in three parts, as a read brings them in; each prefix waited for. Both
    // checks: SHA-256 for a format 2 file.
    const shared = new SharedArrayBuffer(good.length);
    new Uint8Array(shared).set(good);
    const sha = createHash('sha256').update(good.subarray(0, body)).digest();
    for (const [kind, here] of [
      ['crc32', crc],
      ['sha256', sha],
    ] as const) {
      const hashing = checkSharedBytesOffThread(shared, body, kind);
      for (const readTo of [100, Math.floor(body / 2), good.length]) {
        hashing.readTo(readTo);
        await hashing.until(Math.min(readTo, body));
      }
      expect(Buffer.from((await hashing.digest) ?? []).equals(here)).toBe(true);
    }
    // Stopped before the end: no digest, and no wait is left hanging.
    const stopped = checkSharedBytesOffThread(shared, body, 'crc32');
    stopped.readTo(100);
    const waiting = stopped.until(body);
    stopped.stop();
    await waiting;
    expect(await stopped.digest).toBeNull();
    expect((await readSnapshotFileAsync(`${db}.facts`))?.n).toBe(80);
    // Decoded as it is read: in slices of 256 bytes, the header and each sorted column wait for theirs.
    const whole = readSnapshotFile(`${db}.facts`);
    expect(whole?.n).toBe(80);
    const sliced = await readSnapshotFileAsync(`${db}.facts`, { sliceBytes: 256 });
    expect(sliced).toEqual(whole);
    expect(knownSortedOrders(sliced as object as NonNullable<typeof whole>)).toEqual(
      knownSortedOrders(whole as NonNullable<typeof whole>),
    );
    const damaged = Buffer.from(good);
    const at = Math.floor(damaged.length * 0.9);
    damaged[at] = (damaged[at] as number) ^ 0x01;
    writeFileSync(`${db}.facts`, damaged);
    expect(await readSnapshotFileAsync(`${db}.facts`)).toBeNull();
    expect(await readSnapshotFileAsync(`${db}.facts`, { sliceBytes: 256 })).toBeNull();
    expect(await readSnapshotFileAsync(path.join(path.dirname(db), 'missing.facts'))).toBeNull();
  });

  it('is brought up to date by a CLI import made while the app is closed: the next start reads it as is', async () => {
    const { db, local } = await library();
    appendStreamCopy(local, 97);
    const imported = spawnSync(process.execPath, [CLI, 'import', local, '--db', db], { encoding: 'utf8' });
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/Imported /);
    expect(imported.stderr).toMatch(/Updating the app's dashboard snapshot for its next start/);

    const s = start(db);
    const next = await answers(s);
    expect(await s.snapshotSaved()).toBe('file');
    stop(s);
    expect(next.all.counts.streams).toBe(81);
    expect(next).toEqual(await fromSql(db));

    // An import that changed nothing leaves the file alone, and says nothing of it.
    const again = spawnSync(process.execPath, [CLI, 'import', local, '--db', db], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stderr).not.toMatch(/dashboard snapshot/);
  });

  it('reads a file saved without sorted columns (before they were saved) and saves it again with them', async () => {
    const { db, first } = await library();
    const saved = readSnapshotFile(`${db}.facts`);
    if (!saved) throw new Error('no saved snapshot');
    expect(await writeSnapshotFile(`${db}.facts`, saved)).toBe(true);
    expect(knownSortedOrders(readSnapshotFile(`${db}.facts`) as object as typeof saved).size).toBe(0);
    const s = start(db);
    expect(await answers(s)).toEqual(first);
    expect(await s.snapshotSaved()).toBe('file');
    stop(s);
    expectSavedOrdersSorted(db, 'as sorted');
  });

  it('reads a file whose sorted columns held failed streams too (saved as `orders`) without them, and saves it again', async () => {
    const { db, first } = await library();
    // The key an earlier version wrote, padded with JSON whitespace to the same length.
    const old = rehashed(
      readFileSync(`${db}.facts`),
      /"sortedNonFailed":\[/,
      () => `"orders":${' '.repeat(9)}[`,
    );
    writeFileSync(`${db}.facts`, old);
    const read = readSnapshotFile(`${db}.facts`);
    if (!read) throw new Error('the file was not read');
    expect(knownSortedOrders(read).size).toBe(0);
    const s = start(db);
    expect(await answers(s)).toEqual(first);
    expect(await s.snapshotSaved()).toBe('file');
    stop(s);
    expectSavedOrdersSorted(db, 'as sorted');
  });

  it('reads a file of format 2 (the apps as JSON arrays in its header) with the same apps and answers', async () => {
    const { db, first } = await library();
    const file = readFileSync(`${db}.facts`);
    const length = file.readUInt32LE(8);
    const header = JSON.parse(file.toString('utf8', 16, 16 + length)) as Record<string, unknown>;
    const dataStart = Math.ceil((16 + length) / 8) * 8;
    const current = readSnapshotFile(`${db}.facts`);
    if (!current) throw new Error('no saved snapshot');
    // What format 2 wrote: the apps as JSON arrays, no app columns (offsets count from the end of
    // the header, so the data after it stays as it is: the app columns' bytes go unread).
    const apps = [...appsOf(current.apps)];
    const { appCount: _count, appColumns: _columns, ...rest } = header;
    const v2 = Buffer.from(
      JSON.stringify({
        ...rest,
        format: 2,
        appRefs: apps.map(([ref]) => ref),
        appAppIds: apps.map(([, a]) => a.appId),
        appProjectIdx: apps.map(([, a]) => a.projectIdx),
        appPartitionKeys: apps.map(([, a]) => a.partitionKey),
      }),
    );
    const prefix = Buffer.alloc(Math.ceil((16 + v2.length) / 8) * 8);
    file.copy(prefix, 0, 0, 16);
    prefix.writeUInt32LE(v2.length, 8);
    v2.copy(prefix, 16);
    const body = Buffer.concat([prefix, file.subarray(dataStart, file.length - 32)]);
    writeFileSync(`${db}.facts`, Buffer.concat([body, createHash('sha256').update(body).digest()]));
    const read = readSnapshotFile(`${db}.facts`);
    if (!read) throw new Error('the format 2 file was not read');
    expect([...appsOf(read.apps)]).toEqual(apps);
    const s = start(db);
    expect(await answers(s)).toEqual(first);
    expect(await s.snapshotSaved()).toBe('file');
    stop(s);
  });

  it('ignores (and rewrites) a file that is damaged, cut short, newer than the database or of another database', async () => {
    const { db, first } = await library();
    const good = readFileSync(`${db}.facts`);
    const reference = await fromSql(db);
    expect(reference).toEqual(first);

    const startsFromSql = async () => {
      const s = start(db);
      expect(await answers(s)).toEqual(reference);
      expect(await s.snapshotSaved()).toBe('sql');
      stop(s);
      // Saved again, good: the next start reads it.
      const again = start(db);
      expect(await answers(again)).toEqual(reference);
      expect(await again.snapshotSaved()).toBe('file');
      stop(again);
    };

    // A byte changed inside the columns (a TTFT): the hash no longer matches.
    const damaged = Buffer.from(good);
    const at = Math.floor(damaged.length * 0.6);
    damaged[at] = (damaged[at] as number) ^ 0x5a;
    writeFileSync(`${db}.facts`, damaged);
    await startsFromSql();

    // Cut short, as by a full disk.
    writeFileSync(`${db}.facts`, good);
    truncateSync(`${db}.facts`, Math.floor(good.length / 2));
    await startsFromSql();

    // Not a snapshot at all.
    writeFileSync(`${db}.facts`, 'SLFACTS garbage');
    await startsFromSql();

    // Not a regular file: a named pipe, which a plain open would wait on for a writer forever.
    if (process.platform !== 'win32') {
      rmSync(`${db}.facts`);
      execFileSync('mkfifo', [`${db}.facts`]);
      await startsFromSql();
    }

    // Intact (its hash recomputed) but of another schema, or another file format.
    for (const [from, to] of [
      // Another number of as many digits (the edit keeps the header's length): 10 -> 11, 9 -> 8.
      [
        /"schema":(\d+)/,
        (_: string, v: string) => `"schema":${Number(v) % 10 === 0 ? Number(v) + 1 : Number(v) - 1}`,
      ],
      [/"format":(\d)/, (_: string, v: string) => `"format":${v === '9' ? 8 : 9}`],
    ] as const) {
      writeFileSync(`${db}.facts`, rehashed(good, from, to));
      await startsFromSql();
    }

    // Sorted columns that do not fit the columns saved with them (hash recomputed): the file is not
    // used. Values out of order, a row outside the columns, fewer values than the column has.
    const [order] = (JSON.parse(good.toString('utf8', 16, 16 + good.readUInt32LE(8))) as SavedHeader)
      .sortedNonFailed;
    if (!order || order.length < 2) throw new Error('no sorted column saved');
    for (const edit of [
      (out: Buffer, _: SavedHeader, at: number) => {
        const first = out.readDoubleLE(at + order.values);
        out.writeDoubleLE(out.readDoubleLE(at + order.values + 8 * (order.length - 1)), at + order.values);
        out.writeDoubleLE(first, at + order.values + 8 * (order.length - 1));
      },
      (out: Buffer, _: SavedHeader, at: number) => out.writeUInt32LE(0xffffffff, at + order.rows),
    ]) {
      writeFileSync(`${db}.facts`, edited(good, edit));
      // Read in slices (decoded as they come in): refused the same way.
      expect(await readSnapshotFileAsync(`${db}.facts`, { sliceBytes: 256 })).toBeNull();
      await startsFromSql();
    }
    const shorter = String(order.length - 1).length === String(order.length).length;
    writeFileSync(
      `${db}.facts`,
      rehashed(
        good,
        new RegExp(`"length":${order.length}`),
        () => `"length":${order.length + (shorter ? -1 : 1)}`,
      ),
    );
    await startsFromSql();

    // Another database's file (same logs, its own id): never matches.
    const other = await library();
    copyFileSync(`${other.db}.facts`, `${db}.facts`);
    await startsFromSql();

    // Newer than the database: the file of a later state next to an earlier copy of the database.
    const earlier = path.join(tempDir(), 'earlier.db');
    for (const suffix of ['', '-wal'])
      if (existsSync(db + suffix)) copyFileSync(db + suffix, earlier + suffix);
    const s = start(db);
    const [firstSource] = await s.handlers['sources:list']({});
    await s.handlers['sources:remove']({ sourceId: firstSource?.id as number });
    await answers(s);
    await s.snapshotSaved();
    stop(s);
    copyFileSync(`${db}.facts`, `${earlier}.facts`);
    const back = start(earlier);
    expect(await answers(back)).toEqual(reference);
    expect(await back.snapshotSaved()).toBe('sql');
  });
});
