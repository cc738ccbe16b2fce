/**
 * `npx tsx bench/snapshot-start.ts --db FILE [--runs 3]`
 *
 * How long a start waits for the dashboard snapshot: reading the saved `<db>.facts` file (and its
 * hash check), on this thread and through the worker the service uses, against a full read from
 * SQL, and a service's start to the snapshot in hand apart from the first dashboard's computation.
 * Run bench/dashboard.ts on the database first: its first run saves the file.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { selectStreams } from '../src/core/metrics/select-streams';
import { createService } from '../src/core/service';
import { loadFactsSnapshot } from '../src/core/store/facts-snapshot';
import { readSnapshotFile, snapshotFilePath } from '../src/core/store/facts-snapshot-file';
import { pageOfSorted, sortRows } from '../src/core/store/facts-snapshot-sort';
import { savedSnapshotIfCurrent } from '../src/core/store/facts-snapshot-start';
import { loadSnapshotOffThread } from '../src/core/store/load-snapshot-off-thread';
import { openStore } from '../src/core/store/open-store';

const { values } = parseArgs({
  options: { db: { type: 'string' }, runs: { type: 'string', default: '3' }, sql: { type: 'boolean' } },
});
const dbFile = values.db;
if (!dbFile) throw new Error('--db FILE is required');
const file = snapshotFilePath(dbFile) as string;
const db = openStore(dbFile);
const best = async (name: string, fn: () => unknown | Promise<unknown>): Promise<void> => {
  const times: number[] = [];
  let last: unknown;
  for (let i = 0; i < Number(values.runs); i++) {
    const t = performance.now();
    last = await fn();
    times.push(performance.now() - t);
  }
  console.log(
    `${name}: best ${Math.min(...times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')}) ${last ?? ''}`,
  );
};
console.log(`${file}: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
await best('read the file on this thread (read + SHA-256 + decode)', () => `n=${readSnapshotFile(file)?.n}`);
await best('read the file without holding this thread (as a start does)', async () => {
  const s = await savedSnapshotIfCurrent(db, dbFile);
  return `n=${s?.n}`;
});
await best('load through the worker (start to snapshot in hand)', async () => {
  const { snapshot, origin } = await loadSnapshotOffThread(db, dbFile);
  return `n=${snapshot.n} from ${origin}`;
});
// What streams:query does before the kept sort helps: sort the whole selection on TTFT, pick a deep page.
const snapshot = readSnapshotFile(file);
if (snapshot)
  await best('streams:query page at offset 50,000 by TTFT, not kept (sort + pick)', () => {
    const sorted = sortRows(selectStreams(snapshot, {}), 'ttft_ms');
    return sorted ? `${pageOfSorted(sorted, 'desc', 50_000, 250).length} rows` : 'no sort';
  });
if (values.sql) await best('full read from SQL (this thread)', () => `n=${loadFactsSnapshot(db).n}`);
db.close();

// The service's start: from createService to a dashboard of an empty selection (the snapshot in
// hand, next to nothing computed), then the first full dashboard (its computation, not the read).
for (let i = 0; i < Number(values.runs); i++) {
  const t0 = performance.now();
  const service = createService({ databasePath: dbFile, host: 'serve', watch: false });
  const nothing = { filter: { app: 'no-such-app-id' }, ttftLog: false, splitSort: 'total' } as const;
  await service.handlers['dashboard:get'](nothing);
  const t1 = performance.now();
  await service.handlers['dashboard:get']({ ...nothing, filter: {} });
  const t2 = performance.now();
  const origin = await service.snapshotSaved();
  console.log(
    `service start to snapshot in hand: ${(t1 - t0).toFixed(0)} ms (from ${origin}); then the first full dashboard: ${(t2 - t1).toFixed(0)} ms`,
  );
  service.close();
}
