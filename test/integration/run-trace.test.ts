import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { MIGRATIONS } from '../../src/core/store/migrations';
import { openStore, type StoreDatabase } from '../../src/core/store/open-store';
import { countsByProject } from '../../src/core/store/project-counts';
import { getRunDetail } from '../../src/core/store/run-queries';
import { removeSource } from '../../src/core/store/source-admin';
import { copyFixture, FIXTURE_COUNTS, LOCAL, S3_DOWNLOAD, tempDir, tempStore } from '../helpers/fixtures';
import { allRunTraces } from '../helpers/run-traces';

/**
 * Spans and attributes are read back from the log files when the run view asks (the span_keys migration):
 * checked against the files themselves parsed with JSON.parse, through appends, changes and
 * removals of a file, and for a database imported before the migration.
 */

const appRef = (db: StoreDatabase, appId: string): number =>
  (db.prepare('SELECT id FROM apps WHERE app_id = ?').get(appId) as { id: number }).id;

/** Microseconds since the epoch of a Burr time (either clock family read the same way). */
function micros(text: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?/.exec(text);
  if (!m) throw new Error(text);
  return Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** What the run view must show for an app, worked out from its log files with JSON.parse. */
function expectedFromFiles(db: StoreDatabase, app: number) {
  const files = db
    .prepare("SELECT path FROM files WHERE app_ref = ? AND kind = 'log' ORDER BY id")
    .all(app) as { path: string }[];
  type Span = {
    seq: number;
    id: string;
    name?: string;
    parent?: string | null;
    start?: string;
    end?: string;
  };
  const spans = new Map<string, Span>();
  const attributes: {
    sequenceId: number;
    spanId: string | null;
    key: string;
    value: string;
    cut: boolean;
  }[] = [];
  for (const { path: file } of files) {
    for (const text of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const line = JSON.parse(text);
      if (line.type === 'begin_span' || line.type === 'end_span') {
        const key = `${line.action_sequence_id}/${line.span_id}`;
        const span: Span = spans.get(key) ?? { seq: line.action_sequence_id, id: line.span_id };
        if (line.type === 'begin_span')
          Object.assign(span, {
            name: line.span_name,
            parent: line.parent_span_id ?? null,
            start: line.start_time,
          });
        else span.end = line.end_time;
        spans.set(key, span);
      } else if (line.type === 'attribute') {
        const json = JSON.stringify(line.value ?? null);
        attributes.push({
          sequenceId: line.action_sequence_id,
          spanId: line.span_id ?? null,
          key: line.key,
          value: json.slice(0, 2048),
          cut: json.length > 2048,
        });
      }
    }
  }
  return {
    spans: [...spans.values()].map((s) => ({
      sequenceId: s.seq,
      spanId: s.id,
      name: s.name ?? null,
      parentSpanId: s.parent ?? null,
      durationMs: s.start && s.end ? (micros(s.end) - micros(s.start)) / 1000 : null,
    })),
    attributes: attributes.sort((a, b) => a.sequenceId - b.sequenceId),
  };
}

describe('spans and attributes read back from the log files', () => {
  it('shows every span and attribute of the real fixtures as the files hold them, with the counts', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL, S3_DOWNLOAD]);
    const apps = db.prepare('SELECT id FROM apps').all() as { id: number }[];
    let spans = 0;
    for (const { id } of apps) {
      const run = getRunDetail(db, id);
      const expected = expectedFromFiles(db, id);
      expect(run.traceProblems).toEqual([]);
      const bySpan = (a: { sequenceId: number; spanId: string }, b: typeof a) =>
        a.sequenceId - b.sequenceId || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
      const shown = run.spans.map(({ startOffsetMs: _s, durationMs, ...s }) => ({
        ...s,
        durationMs: durationMs === null ? null : Math.round(durationMs * 1000) / 1000,
      }));
      expect([...shown].sort(bySpan)).toEqual(expected.spans.sort(bySpan));
      expect(run.attributes).toEqual(expected.attributes);
      // In sequence order, each step's spans by start time.
      const seqs = run.spans.map((s) => s.sequenceId);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      spans += run.spans.length;
    }
    const counts = countsByProject(db);
    for (const [project, c] of Object.entries(FIXTURE_COUNTS)) {
      expect(counts[project]).toMatchObject({ spans: c.spans, attributes: c.attributes });
    }
    expect(spans).toBe(Object.values(FIXTURE_COUNTS).reduce((n, c) => n + c.spans, 0));
  });

  it('reads the same from a file without its line index (imported before the span_keys migration) as with it', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL, S3_DOWNLOAD]);
    const indexed = allRunTraces(db);
    expect(indexed.spans.length).toBeGreaterThan(100);
    db.exec('UPDATE files SET trace_lines = NULL');
    expect(allRunTraces(db)).toEqual(indexed);
  });

  it('answers a clear problem for a changed or removed file, and the rest of the run still shows', () => {
    const dir = copyFixture('local/chatbot-models');
    const { db } = tempStore();
    importPaths(db, [dir]);
    const replaced = 'fast-model-run-00-03025b';
    const truncated = 'fast-model-run-01-3e650d';
    const removed = 'fast-model-run-02-f8f424';
    const intact = 'fast-model-run-03-9b453d';
    const before = getRunDetail(db, appRef(db, intact));
    const log = (app: string) => path.join(dir, app, 'log.jsonl');
    // Replaced by a new file (a new inode) with the same bytes: still not the file imported.
    writeFileSync(`${log(replaced)}.new`, readFileSync(log(replaced)));
    renameSync(`${log(replaced)}.new`, log(replaced));
    truncateSync(log(truncated), 100);
    rmSync(log(removed));
    for (const [app, problem] of [
      [replaced, /changed since it was imported \(replaced, re-pointed or cut short\): reimport it/],
      [truncated, /changed since it was imported/],
      [removed, /^Cannot read .*log\.jsonl: /],
    ] as const) {
      const run = getRunDetail(db, appRef(db, app));
      expect(run.spans).toEqual([]);
      expect(run.attributes).toEqual([]);
      expect(run.traceProblems).toHaveLength(1);
      expect(run.traceProblems[0]).toMatch(problem);
      expect(run.traceProblems[0]).toContain(log(app));
      expect(run.steps.length).toBeGreaterThan(0); // the rest of the run view still shows
    }
    expect(getRunDetail(db, appRef(db, intact))).toEqual(before);
    // The counts are what was imported, as before.
    expect(countsByProject(db)['chatbot-models']).toMatchObject({ spans: 88, attributes: 176 });
  });

  it('never opens a log swapped for a FIFO in a way that blocks: the run says so at once', () => {
    const app = copyFixture('local/chatbot-legacy/legacy-02');
    const { db } = tempStore();
    importPaths(db, [app]);
    const log = path.join(app, 'log.jsonl');
    rmSync(log);
    expect(spawnSync('mkfifo', [log]).status).toBe(0);
    const run = getRunDetail(db, appRef(db, 'legacy-02'));
    expect(run.spans).toEqual([]);
    expect(run.traceProblems).toEqual([expect.stringMatching(/^Cannot read .*log\.jsonl: .*(FIFO|pipe)/)]);
    expect(run.steps.length).toBeGreaterThan(0);
  });

  it('reads only the imported part of a file still being written, and all of it once imported', () => {
    const app = copyFixture('local/chatbot-models/slow-model-run-03-123e9b');
    const log = path.join(app, 'log.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    // Cut before the last span begins, so the second part brings spans and attributes of its own.
    const half = lines.findLastIndex((l) => l.includes('"begin_span"'));
    writeFileSync(log, `${lines.slice(0, half).join('\n')}\n`);
    const { db } = tempStore();
    importPaths(db, [app]);
    const first = getRunDetail(db, appRef(db, 'slow-model-run-03-123e9b'));
    // Appended but not imported yet: the new lines are not shown.
    appendFileSync(log, `${lines.slice(half).join('\n')}\n`);
    expect(getRunDetail(db, appRef(db, 'slow-model-run-03-123e9b'))).toEqual(first);
    importPaths(db, [app]);
    const whole = getRunDetail(db, appRef(db, 'slow-model-run-03-123e9b'));
    const clean = tempStore();
    importPaths(clean.db, [app]);
    expect(whole).toEqual(getRunDetail(clean.db, appRef(clean.db, 'slow-model-run-03-123e9b')));
    expect(whole.spans.length).toBeGreaterThan(first.spans.length);
    expect(whole.attributes.length).toBeGreaterThan(first.attributes.length);
    expect(countsByProject(db)).toEqual(countsByProject(clean.db));
  });

  it('never follows a damaged line index out of the imported part', () => {
    const app = copyFixture('local/chatbot-legacy/legacy-00');
    const { db } = tempStore();
    importPaths(db, [app]);
    const { byte_offset: imported } = db
      .prepare("SELECT byte_offset FROM files WHERE kind = 'log'")
      .get() as {
      byte_offset: number;
    };
    appendFileSync(
      path.join(app, 'log.jsonl'),
      '{"type":"attribute","key":"late","value":1,"action_sequence_id":0}\n',
    );
    // One entry: offset = imported (LEB128), length 80.
    const varint = (n: number) => {
      const out: number[] = [];
      for (let v = n; ; v = Math.floor(v / 128)) {
        if (v < 128) return [...out, v];
        out.push((v % 128) | 128);
      }
    };
    db.prepare("UPDATE files SET trace_lines = ? WHERE kind = 'log'").run(
      Buffer.from([...varint(imported), ...varint(80)]),
    );
    const run = getRunDetail(db, appRef(db, 'legacy-00'));
    expect(run.attributes).toEqual([]);
    expect(run.traceProblems).toEqual([]);
  });

  it('forgets the span keys of a removed source', () => {
    const { db } = tempStore();
    importPaths(db, [LOCAL]);
    const { id: sourceId } = db.prepare('SELECT id FROM sources').get() as { id: number };
    expect((db.prepare('SELECT COUNT(*) AS n FROM span_keys').get() as { n: number }).n).toBe(112);
    removeSource(db, sourceId);
    expect((db.prepare('SELECT COUNT(*) AS n FROM span_keys').get() as { n: number }).n).toBe(0);
  });
});

describe('the span_keys migration on a database imported before it', () => {
  it('keeps the counts and reads the spans and attributes from the files', () => {
    const app = copyFixture('local/chatbot-legacy/legacy-01');
    const logPath = path.join(app, 'log.jsonl');
    const file = path.join(tempDir(), 'old.db');
    // A database from just before the migration (whatever its number after merges), as the importer
    // of then left it: spans and attributes as rows.
    const before = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE span_keys'));
    expect(before).toBeGreaterThan(0);
    const old = new Database(file);
    for (const sql of MIGRATIONS.slice(0, before)) old.exec(sql);
    old.pragma(`user_version = ${before}`);
    const text = readFileSync(logPath, 'utf8');
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((t) => JSON.parse(t));
    old.exec(`INSERT INTO projects (id, name) VALUES (1, 'chatbot-legacy');
      INSERT INTO apps (id, project_id, app_id, partition_dir, layout) VALUES (1, 1, 'legacy-01', '', 'local');`);
    const { ino, dev } = statSync(logPath);
    old
      .prepare(`INSERT INTO files (id, path, kind, app_ref, size, identity, byte_offset, line_no)
        VALUES (7, ?, 'log', 1, ?, ?, ?, ?)`)
      .run(logPath, Buffer.byteLength(text), `${dev}:${ino}`, Buffer.byteLength(text), lines.length);
    const span =
      old.prepare(`INSERT INTO spans (app_ref, sequence_id, span_id, file_ref, byte_offset, byte_len)
      VALUES (1, ?, ?, 7, 0, 0) ON CONFLICT DO NOTHING`);
    const attribute =
      old.prepare(`INSERT INTO attributes (app_ref, sequence_id, key, value, file_ref, byte_offset,
      byte_len) VALUES (1, ?, ?, '0', 7, 0, 0)`);
    for (const l of lines) {
      if (l.type === 'begin_span') span.run(l.action_sequence_id, l.span_id);
      if (l.type === 'attribute') attribute.run(l.action_sequence_id, l.key);
    }
    old.close();

    const db = openStore(file);
    try {
      expect(countsByProject(db)['chatbot-legacy']).toMatchObject({ spans: 6, attributes: 12 });
      expect(
        db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('spans', 'attributes')").all(),
      ).toEqual([]);
      const run = getRunDetail(db, 1);
      const fresh = tempStore();
      importPaths(fresh.db, [app]);
      const expected = getRunDetail(fresh.db, appRef(fresh.db, 'legacy-01'));
      // Step rows are not part of this made-up old database: spans are not placed against them.
      const unplaced = (spans: typeof run.spans) => spans.map((sp) => ({ ...sp, startOffsetMs: null }));
      expect(run.spans).toEqual(unplaced(expected.spans));
      expect(run.attributes).toEqual(expected.attributes);
      expect(run.spans).toHaveLength(6);
      // Appending to it later keeps reading the whole imported part (its index is unknown).
      expect(
        (db.prepare('SELECT trace_lines FROM files WHERE id = 7').get() as { trace_lines: unknown })
          .trace_lines,
      ).toBeNull();
    } finally {
      db.close();
    }
  });
});
