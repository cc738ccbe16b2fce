/**
 * `npx tsx bench/snapshot-start.ts --db FILE [--runs 3]`
 *
 * How long a start waits for the dashboard snapshot: reading the saved `<db>.facts` file (and its
 * hash check), on this thread and through the worker the service uses, against a full read from
 * SQL. Run bench/dashboard.ts on the database first: its first run saves the file.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { selectStreams } from '../src/core/metrics/select-streams';
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
