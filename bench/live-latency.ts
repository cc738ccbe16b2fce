/**
 * `npx tsx bench/live-latency.ts --db FILE [--appends 5]`
 *
 * How long a change to a watched folder takes to reach the dashboard on a big database. A copy of
 * FILE (with its saved snapshot, when it has one) gets the test fixtures' local tree as a live
 * folder; then, one at a time, a stream is appended to one of its logs, and the time is taken until
 * the service says `data:changed` and until the all-streams dashboard counts the new stream.
 * Prints the median of `appends`, each as a ratio to one Float64Array sort of as many numbers as
 * the database has streams, measured in the same run (as bench/dashboard.ts does).
 * FILE: a database bench/dashboard.ts built (`--keep-db --db FILE`). It is not changed.
 * No target: issue 10 asks for the same live latency at any size; the live spec asserts it on the
 * fixtures.
 */
import { appendFileSync, copyFileSync, cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createService } from '../src/core/service';

const { values } = parseArgs({
  options: { db: { type: 'string' }, appends: { type: 'string', default: '5' } },
});
if (!values.db || !existsSync(values.db)) {
  console.error('Give a database to copy: --db FILE (bench/dashboard.ts --keep-db --db FILE builds one).');
  process.exit(1);
}
const appends = Math.max(1, Number(values.appends));
const work = path.join(os.tmpdir(), `stream-lens-live-latency-${process.pid}`);
rmSync(work, { recursive: true, force: true });
const db = path.join(work, 'live.db');
const folder = path.join(work, 'logs');
cpSync(path.join(import.meta.dirname, '..', 'test', 'fixtures', 'burr-logs', 'local'), folder, {
  recursive: true,
});
copyFileSync(values.db, db);
if (existsSync(`${values.db}.facts`)) copyFileSync(`${values.db}.facts`, `${db}.facts`);

/** The log a stream is appended to, and the stream copied: sequence 2 of a chatbot run (its stream lines only). */
const log = path.join(folder, 'chatbot-models', 'fast-model-run-01-3e650d', 'log.jsonl');
const streamLines = readFileSync(log, 'utf8')
  .split('\n')
  .filter((line) => /"action_sequence_id":2[,}]/.test(line) && line.includes('stream'));
const appendStream = (sequenceId: number): void =>
  appendFileSync(
    log,
    `${streamLines.map((l) => l.replace(/"action_sequence_id":2([,}])/, `"action_sequence_id":${sequenceId}$1`)).join('\n')}\n`,
  );

const service = createService({ databasePath: db, host: 'serve' });
const request = { filter: {}, ttftLog: false, splitSort: 'total' } as const;
const streamCount = async () => (await service.handlers['dashboard:get'](request)).counts.streams;
try {
  service.addFolder(folder);
  await service.whenIdle();
  let streams = await streamCount();
  const reference = (() => {
    const numbers = Float64Array.from({ length: streams }, (_, i) => (i * 7919) % 100003);
    const t = performance.now();
    numbers.sort();
    return performance.now() - t;
  })();
  console.log(`${streams.toLocaleString('en-US')} streams; sort reference ${reference.toFixed(0)} ms`);
  // The saver of the snapshot and the views run shortly after a change: let them finish first.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const changed: number[] = [];
  const shown: number[] = [];
  for (let i = 0; i < appends; i++) {
    const said = new Promise<number>((resolve) => {
      const off = service.on('data:changed', () => {
        off();
        resolve(performance.now());
      });
    });
    const t = performance.now();
    appendStream(1000 + i);
    changed.push((await said) - t);
    let now = streams;
    while (now === streams) now = await streamCount();
    shown.push(performance.now() - t);
    if (now !== streams + 1) throw new Error(`expected one more stream, got ${now - streams}`);
    streams = now;
    console.log(
      `  append ${i + 1}: data:changed after ${changed.at(-1)?.toFixed(0)} ms, on the dashboard after ${shown.at(-1)?.toFixed(0)} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  for (const [name, xs] of [
    ['append -> data:changed', changed],
    ['append -> the dashboard counts it', shown],
  ] as const)
    console.log(
      `${name}: median ${median(xs).toFixed(0)} ms, ${(median(xs) / reference).toFixed(2)}x the sort reference`,
    );
} finally {
  service.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
