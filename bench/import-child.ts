/**
 * The importer as the benchmark runs it: in a process of its own, so its
 * peak memory is measured alone. Prints one JSON line: the import summary,
 * the import's own seconds and its peak RSS (kernel high-water mark).
 */
import { readFileSync, rmSync } from 'node:fs';
import { importPaths } from '../src/core/importer/import-paths';
import { openStore } from '../src/core/store/open-store';

const [dbFile, ...roots] = process.argv.slice(2);
if (!dbFile || roots.length === 0) {
  process.stderr.write('usage: import-child.ts DB ROOT...\n');
  process.exit(1);
}
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
const db = openStore(dbFile);
const started = performance.now();
const summary = importPaths(db, roots);
const seconds = (performance.now() - started) / 1000;
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(
  `${JSON.stringify({ summary, seconds, peakRssBytes: hwm ? Number(hwm[1]) * 1024 : null })}\n`,
);
