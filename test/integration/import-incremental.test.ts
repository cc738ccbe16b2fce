import { appendFileSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import type { StoreDatabase } from '../../src/core/store/open-store';
import { countsByProject } from '../../src/core/store/project-counts';
import { copyFixture, tempStore } from '../helpers/fixtures';

// Spans and attributes are no longer rows (the span_keys migration): their stored counts, as the library shows them.
const tableCounts = (db: StoreDatabase) => {
  const counted = Object.values(countsByProject(db));
  return Object.fromEntries([
    ...['steps', 'streams', 'quarantine', 'raw_events'].map((t) => [
      t,
      (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
    ]),
    ...(['spans', 'attributes'] as const).map((k) => [k, counted.reduce((n, c) => n + c[k], 0)]),
  ]);
};

describe('incremental import', () => {
  it('re-importing unchanged folders adds nothing and reads no file', () => {
    const tree = copyFixture('local');
    const { db } = tempStore();
    const first = importPaths(db, [tree]);
    const before = tableCounts(db);
    const again = importPaths(db, [tree]);
    expect(tableCounts(db)).toEqual(before);
    expect(again.files_read).toBe(0);
    expect(again.files_unchanged).toBe(first.files);
    expect(again.bytes).toBe(0);
    expect(again.lines).toBe(0);
  });

  it('picks up appended lines, and waits for a half-written last line to finish', () => {
    const app = copyFixture('local/chatbot-models/fast-model-run-01-3e650d');
    const log = path.join(app, 'log.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    // Start with the first 20 lines, then the rest arrives in pieces.
    writeFileSync(log, `${lines.slice(0, 20).join('\n')}\n`);
    const { db } = tempStore();
    importPaths(db, [app]);
    const streamsAfter20 = tableCounts(db).streams;

    const rest = `${lines.slice(20).join('\n')}\n`;
    const cut = Math.floor(rest.length / 2);
    appendFileSync(log, rest.slice(0, cut)); // ends mid-line
    const partial = importPaths(db, [app]);
    const partialLines = partial.lines;
    expect(partial.quarantined).toBe(0); // the unfinished line is never parsed early

    appendFileSync(log, rest.slice(cut));
    const finished = importPaths(db, [app]);
    expect(partialLines + finished.lines).toBe(lines.length - 20);

    // The result equals a clean import of the whole file.
    const clean = tempStore();
    writeFileSync(log, `${lines.join('\n')}\n`);
    importPaths(clean.db, [app]);
    expect(tableCounts(db)).toEqual(tableCounts(clean.db));
    expect(tableCounts(db).streams).toBeGreaterThan(streamsAfter20 ?? 0);
    expect(importPaths(db, [app]).lines).toBe(0);
  });

  it('re-reads a truncated file from the start and tells the user', () => {
    const app = copyFixture('local/chatbot-models/fast-model-run-02-f8f424');
    const log = path.join(app, 'log.jsonl');
    const { db } = tempStore();
    importPaths(db, [app]);
    const full = readFileSync(log, 'utf8');
    const firstLines = full.split('\n').slice(0, 10).join('\n');
    truncateSync(log, Buffer.byteLength(firstLines) + 1);
    const summary = importPaths(db, [app]);
    expect(summary.rereads).toHaveLength(1);
    expect(summary.rereads[0]?.reason).toMatch(/truncated/);
    const clean = tempStore();
    importPaths(clean.db, [app]);
    expect(tableCounts(db)).toEqual(tableCounts(clean.db));
    const notice = db.prepare("SELECT level, message FROM notices WHERE level = 'warning'").get() as {
      message: string;
    };
    expect(notice.message).toMatch(/Re-read from the start/);
  });

  it('re-reads a replaced file (new content, same or bigger size)', () => {
    const dir = copyFixture('local/chatbot-models');
    const a = path.join(dir, 'fast-model-run-04-6521c5', 'log.jsonl');
    const b = path.join(dir, 'slow-model-run-02-90dcc2', 'log.jsonl');
    const { db } = tempStore();
    importPaths(db, [dir]);
    // Replace app A's log with app B's content (an app re-run under the same id), via rename: a new inode.
    const replacement = `${a}.new`;
    writeFileSync(replacement, readFileSync(b));
    renameSync(replacement, a);
    const summary = importPaths(db, [dir]);
    expect(summary.rereads.map((r) => path.basename(path.dirname(r.path)))).toEqual([
      'fast-model-run-04-6521c5',
    ]);
    const clean = tempStore();
    importPaths(clean.db, [dir]);
    expect(tableCounts(db)).toEqual(tableCounts(clean.db));
  });

  it('keeps imported data when a file disappears', () => {
    const dir = copyFixture('local/async-agent');
    const { db } = tempStore();
    importPaths(db, [dir]);
    const before = tableCounts(db);
    rmSync(path.join(dir, 'agent-00'), { recursive: true });
    importPaths(db, [dir]);
    expect(tableCounts(db)).toEqual(before);
  });
});
