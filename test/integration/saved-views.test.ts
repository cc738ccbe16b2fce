import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/core/service';
import { copyFixture, tempDir } from '../helpers/fixtures';
import { appendStreamCopy, serviceStarter } from '../helpers/services';

/**
 * The dashboards answered last are saved next to the database (<db>.views) and answer the same
 * requests at the next start, before the facts snapshot is read; only while they are exact: same
 * facts version, same code, nothing changed since.
 */

const { start, stop } = serviceStarter();

const ALL = { filter: {}, ttftLog: false, splitSort: 'total' } as const;
const PROJECT_SLO = {
  filter: { project: 'chatbot-models' },
  ttftLog: true,
  splitSort: 'share',
  slo: { ttft_ms: { op: '<=', value: 500 } },
} as const;
const TREND = { ...ALL, changePoints: true } as const;

async function dashboards(s: Service) {
  const get = s.handlers['dashboard:get'];
  return { all: await get(ALL), projectSlo: await get(PROJECT_SLO), trend: await get(TREND) };
}

/** The fixture library imported, its three dashboards answered, the service closed. */
async function library() {
  const dir = tempDir();
  const db = path.join(dir, 'lens.db');
  const local = copyFixture('local');
  const s = start(db);
  s.addFolder(local);
  s.addFolder(copyFixture('s3-download'));
  await s.whenIdle();
  const first = await dashboards(s);
  stop(s);
  return { db, local, first };
}

/** The views file with every saved `counts.streams` set to `streams`: tells a saved answer from a computed one. */
function markSaved(db: string, streams: number): void {
  const file = `${db}.views`;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as {
    charts: [string, { counts: { streams: number } }][];
  };
  for (const [, charts] of saved.charts) charts.counts.streams = streams;
  writeFileSync(file, JSON.stringify(saved));
}

describe('the saved views', () => {
  it('answer the same requests exactly at the next start, from the file', async () => {
    const { db, first } = await library();
    expect(existsSync(`${db}.views`)).toBe(true);
    expect(first.all.counts.streams).toBe(80);
    expect(first.projectSlo.goodput).not.toBeNull();
    expect(first.trend.changePoints).not.toBeNull();

    let s = start(db);
    expect(await dashboards(s)).toEqual(first);
    stop(s);

    // They came from the file: a marked file is what is answered.
    markSaved(db, 12345);
    s = start(db);
    const marked = await dashboards(s);
    expect(marked.all.counts.streams).toBe(12345);
    expect(marked.trend.counts.streams).toBe(12345);
    expect(marked.trend.changePoints).toEqual(first.trend.changePoints);
    // A request the file does not hold is computed.
    const other = await s.handlers['dashboard:get']({ ...ALL, splitSort: 'consumer' });
    expect(other.counts.streams).toBe(80);
    // A benchmark's cache clear forgets them.
    s.clearDashboardCache();
    expect((await s.handlers['dashboard:get'](ALL)).counts.streams).toBe(80);
  });

  it('are not used after the data changed, by other code, or when damaged', async () => {
    const { db, local } = await library();

    // The data changed while the app was closed (another process imported): computed afresh.
    markSaved(db, 12345);
    appendStreamCopy(local, 99);
    const importer = start(db);
    await importer.handlers['import:start']({});
    await importer.whenIdle();
    stop(importer);
    markSaved(db, 12345);
    let s = start(db);
    expect((await s.handlers['dashboard:get'](ALL)).counts.streams).toBe(81);
    stop(s);

    // The data changes while running: the saved answers stop answering at once.
    appendStreamCopy(local, 98);
    markSaved(db, 12345);
    s = start(db);
    expect((await s.handlers['dashboard:get'](ALL)).counts.streams).toBe(12345);
    await s.handlers['import:start']({});
    await s.whenIdle();
    expect((await s.handlers['dashboard:get'](ALL)).counts.streams).toBe(82);
    stop(s);

    // Saved by other code (another build of the app): ignored.
    markSaved(db, 12345);
    const saved = JSON.parse(readFileSync(`${db}.views`, 'utf8')) as { code: string };
    writeFileSync(`${db}.views`, JSON.stringify({ ...saved, code: `${saved.code}-other` }));
    s = start(db);
    expect((await s.handlers['dashboard:get'](ALL)).counts.streams).toBe(82);
    stop(s);

    // Damaged (cut short, or an answer of the wrong shape): ignored, the dashboards still answer.
    markSaved(db, 12345);
    const whole = readFileSync(`${db}.views`, 'utf8');
    writeFileSync(`${db}.views`, whole.slice(0, whole.length / 2));
    s = start(db);
    expect((await s.handlers['dashboard:get'](ALL)).counts.streams).toBe(82);
    stop(s);
    const shapeless = JSON.parse(readFileSync(`${db}.views`, 'utf8')) as { charts: [string, unknown][] };
    for (const entry of shapeless.charts) entry[1] = { counts: 'many' };
    writeFileSync(`${db}.views`, JSON.stringify(shapeless));
    s = start(db);
    expect((await s.handlers['dashboard:get'](ALL)).counts.streams).toBe(82);
  });

  it('are not read from a file larger than any this code writes, nor from one that is not a regular file', async () => {
    const { db } = await library();
    // A marked file padded past 64 MB (JSON allows the trailing spaces): not read, so computed.
    markSaved(db, 12345);
    appendFileSync(`${db}.views`, Buffer.alloc(64 * 1024 * 1024 + 1, ' '));
    let s = start(db);
    expect((await s.handlers['dashboard:get'](ALL)).counts.streams).toBe(80);
    stop(s);

    // A named pipe in its place: opening it plainly would wait for a writer forever.
    if (process.platform === 'win32') return;
    rmSync(`${db}.views`);
    execFileSync('mkfifo', [`${db}.views`]);
    s = start(db);
    expect((await s.handlers['dashboard:get'](ALL)).counts.streams).toBe(80);
    stop(s);
  });
});
