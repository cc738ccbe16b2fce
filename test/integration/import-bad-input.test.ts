import { appendFileSync, chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { copyFixture, tempStore } from '../helpers/fixtures';
import { allRunTraces } from '../helpers/run-traces';

interface QuarantineRow {
  line_no: number;
  reason: string;
  excerpt: string;
  imported: number;
  byte_offset: number;
}

function quarantine(db: ReturnType<typeof tempStore>['db']): QuarantineRow[] {
  return db
    .prepare('SELECT line_no, reason, excerpt, imported, byte_offset FROM quarantine ORDER BY line_no')
    .all() as QuarantineRow[];
}

const streamCount = (db: ReturnType<typeof tempStore>['db']): number =>
  (db.prepare('SELECT COUNT(*) AS n FROM streams').get() as { n: number }).n;

describe('bad input is quarantined, the rest imports', () => {
  it('quarantines each kind of bad line with its line number and reason', () => {
    const app = copyFixture('local/chatbot-models/fast-model-run-00-03025b');
    const log = path.join(app, 'log.jsonl');
    const good = readFileSync(log);
    const goodLines = good.toString('utf8').split('\n').filter(Boolean).length; // 51
    const bad = Buffer.concat([
      Buffer.from('{"type":"begin_entry","start_time":"2026-11-24T00:40:50.0","action":"x",\n'), // invalid JSON
      Buffer.from(
        '{"type":"end_stream","action_sequence_id":"two","end_time":"2026-11-24T00:40:50Z","items_streamed":3}\n',
      ), // schema
      Buffer.from('[1,2,3]\n'), // not an object
      Buffer.from('{"type":"begin_entry","start_time":"yesterday","action":"x","sequence_id":99}\n'), // bad time
      Buffer.from('{"type":"attr\0ibute"\0\0\0}\n'), // NUL bytes
      Buffer.concat([
        Buffer.from('{"type":"attribute","key":"k","action_sequence_id":1,"span_id":null,"value":"caf'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('","time_logged":"2026-11-24T00:40:50Z"}\n'),
      ]), // invalid UTF-8
      Buffer.from('{"type":"future_event","sequence_id":7,"payload":{"a":1}}\n'), // unknown type: kept, not rejected
    ]);
    writeFileSync(log, Buffer.concat([good, bad]));
    const { db } = tempStore();
    const summary = importPaths(db, [app]);
    const rows = quarantine(db);
    expect(rows.map((r) => [r.line_no, r.imported])).toEqual([
      [goodLines + 1, 0],
      [goodLines + 2, 0],
      [goodLines + 3, 0],
      [goodLines + 4, 0],
      [goodLines + 5, 0],
      [goodLines + 6, 1],
    ]);
    const reasons = rows.map((r) => r.reason);
    expect(reasons[0]).toMatch(/^invalid JSON/);
    expect(reasons[1]).toMatch(/end_stream line format: action_sequence_id/);
    expect(reasons[2]).toMatch(/not a JSON object/);
    expect(reasons[3]).toMatch(/start_time is not an ISO 8601 time/);
    expect(reasons[4]).toMatch(/NUL bytes/);
    expect(reasons[5]).toMatch(/invalid UTF-8/);
    expect(rows[0]?.byte_offset).toBe(good.length);
    expect(summary.quarantined).toBe(5);
    expect(summary.invalid_utf8_lines).toBe(1);
    expect(streamCount(db)).toBe(3); // every good stream still imported
    const raw = db.prepare('SELECT type, sequence_id FROM raw_events').all();
    expect(raw).toEqual([{ type: 'future_event', sequence_id: 7 }]);
    const attr = allRunTraces(db).attributes.find((a) => a.key === 'k') as { value: string };
    expect(attr.value).toBe('"caf\uFFFD\uFFFD"');
    // Idempotent: the same bad lines are not quarantined twice.
    importPaths(db, [app]);
    expect(quarantine(db)).toHaveLength(6);
  });

  it('skips a line over the size limit without holding it, and imports what follows', () => {
    const app = copyFixture('local/async-agent/agent-00');
    const log = path.join(app, 'log.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const huge = `{"type":"attribute","key":"blob","action_sequence_id":0,"span_id":null,"value":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    writeFileSync(log, `${lines.slice(0, 5).join('\n')}\n${huge}\n${lines.slice(5).join('\n')}\n`);
    const { db } = tempStore();
    const summary = importPaths(db, [app], { maxLineBytes: 256 * 1024 });
    const rows = quarantine(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.line_no).toBe(6);
    expect(rows[0]?.reason).toMatch(/over the 0 MiB line limit|over the .* line limit/);
    expect(rows[0]?.excerpt.length).toBe(1024);
    expect(summary.lines).toBe(lines.length + 1);
    expect(streamCount(db)).toBe(3);
  });

  it('waits for an unfinished oversized last line in a local log', () => {
    const app = copyFixture('local/async-agent/agent-01');
    const log = path.join(app, 'log.jsonl');
    appendFileSync(log, `{"type":"attribute","value":"${'y'.repeat(600 * 1024)}`); // no newline yet
    const { db } = tempStore();
    importPaths(db, [app], { maxLineBytes: 256 * 1024 });
    expect(quarantine(db)).toHaveLength(0);
    appendFileSync(log, '"}\n');
    importPaths(db, [app], { maxLineBytes: 256 * 1024 });
    expect(quarantine(db)).toHaveLength(1);
  });

  it('reports empty, cut-short and missing graph.json/metadata.json as file errors and imports the log', () => {
    const dir = copyFixture('local/chatbot-legacy');
    writeFileSync(path.join(dir, 'legacy-00', 'metadata.json'), '');
    writeFileSync(path.join(dir, 'legacy-01', 'graph.json'), '{"type": "application", "entrypoint": "pro');
    rmSync(path.join(dir, 'legacy-02', 'graph.json'));
    rmSync(path.join(dir, 'legacy-02', 'metadata.json'));
    const { db } = tempStore();
    const summary = importPaths(db, [dir]);
    expect(summary.file_errors).toBe(2);
    expect(summary.errors.map((e) => e.message).sort()).toEqual([
      expect.stringMatching(/graph.json is not valid JSON \(cut short/),
      expect.stringMatching(/metadata.json is empty/),
    ]);
    expect(summary.projects['chatbot-legacy']).toMatchObject({ apps: 4, streams: 12 });
    // Repaired later: the next import reads it and clears the error.
    writeFileSync(
      path.join(dir, 'legacy-00', 'metadata.json'),
      '{"type":"application_metadata","partition_key":"later","parent_pointer":null,"spawning_parent_pointer":null}',
    );
    const again = importPaths(db, [dir]);
    expect(again.file_errors).toBe(1);
    expect(db.prepare("SELECT partition_key FROM apps WHERE app_id = 'legacy-00'").get()).toEqual({
      partition_key: 'later',
    });
  });

  it('records a file that cannot be read as a file error and imports the others', () => {
    const dir = copyFixture('local/async-agent');
    const victim = path.join(dir, 'agent-03', 'log.jsonl');
    const { db } = tempStore();
    let removed = false;
    const summary = importPaths(db, [dir], {
      // Vanishes between the scan and its read: the same path as an unreadable file, whoever runs the test.
      onProgress: (p) => {
        if (p.phase === 'importing' && !removed) {
          rmSync(victim);
          removed = true;
        }
      },
    });
    expect(summary.file_errors).toBe(1);
    expect(summary.errors[0]?.message).toMatch(/cannot read .*agent-03.*not found/);
    expect(summary.projects['async-agent']?.streams).toBe(9);
  });

  it.skipIf(process.getuid?.() === 0)('records a permission-denied file as a file error', () => {
    const dir = copyFixture('local/async-agent');
    const victim = path.join(dir, 'agent-02', 'log.jsonl');
    chmodSync(victim, 0o000);
    const { db } = tempStore();
    const summary = importPaths(db, [dir]);
    chmodSync(victim, 0o644);
    expect(summary.errors[0]?.message).toMatch(/permission denied/);
  });
});
