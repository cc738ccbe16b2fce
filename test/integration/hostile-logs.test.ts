import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/core/store/open-store';
import { LOCAL, tempDir } from '../helpers/fixtures';
import { allRunTraces } from '../helpers/run-traces';

// Hostile logs through the real CLI (issue 11 items 3, 7, 8): one bad file or line never stops the import.

const CLI = path.resolve(__dirname, '../../bin/stream-lens.mjs');
const AGENT_APP = path.join(LOCAL, 'async-agent', 'agent-00');

function importJson(root: string, db: string) {
  const r = spawnSync(process.execPath, [CLI, 'import', root, '--db', db, '--json'], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, summary: r.status === 0 ? JSON.parse(r.stdout) : null };
}

function quarantineReasons(db: string): string[] {
  const store = openStore(db);
  try {
    return (store.prepare('SELECT reason FROM quarantine ORDER BY id').all() as { reason: string }[]).map(
      (r) => r.reason,
    );
  } finally {
    store.close();
  }
}

describe('hostile logs', () => {
  it('lists a project named __proto__ in import --json like any other', () => {
    const root = tempDir();
    cpSync(AGENT_APP, path.join(root, '__proto__', 'agent-00'), { recursive: true });
    cpSync(AGENT_APP, path.join(root, 'constructor', 'agent-00'), { recursive: true });
    const { code, summary } = importJson(root, path.join(tempDir(), 'p.db'));
    expect(code).toBe(0);
    expect(Object.keys(summary.projects).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(summary.projects, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(summary.projects, '__proto__')?.value).toMatchObject({
      apps: 1,
      streams: 3,
    });
  });

  it('makes a metadata.json nested 5,000 levels a file error and imports the rest', () => {
    const root = tempDir();
    for (let i = 0; i < 5; i++) cpSync(AGENT_APP, path.join(root, 'deep', `app-${i}`), { recursive: true });
    const nested = `${'{"app_id":"x","sequence_id":1,"partition_key":null,"parent":'.repeat(5000)}null${'}'.repeat(5000)}`;
    writeFileSync(
      path.join(root, 'deep', 'app-0', 'metadata.json'),
      `{"type":"application_metadata","partition_key":null,"parent_pointer":${nested},"spawning_parent_pointer":null}`,
    );
    const { code, summary, stderr } = importJson(root, path.join(tempDir(), 'd.db'));
    expect(stderr).not.toMatch(/call stack/);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ files: 15, files_read: 14, file_errors: 1 });
    expect(JSON.stringify(summary.errors)).toMatch(/metadata\.json nests deeper than 256 levels/);
    expect(summary.projects.deep).toMatchObject({ apps: 5, streams: 15 });
  });

  it('quarantines impossible times, numbers past a double and deep values, with reasons', () => {
    const root = tempDir();
    const app = path.join(root, 'p', 'a');
    cpSync(AGENT_APP, app, { recursive: true });
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    appendFileSync(
      path.join(app, 'log.jsonl'),
      [
        '{"type":"begin_entry","action":"x","sequence_id":99,"start_time":"9999-99-99T99:99:99","inputs":{}}',
        '{"type":"attribute","key":"big","action_sequence_id":0,"span_id":null,"value":1e400,"time_logged":"2026-11-24T00:40:42Z","tags":{}}',
        `{"type":"attribute","key":"deep","action_sequence_id":0,"span_id":null,"value":${deep},"time_logged":"2026-11-24T00:40:42Z","tags":{}}`,
        '{"type":"attribute","key":"fine","action_sequence_id":0,"span_id":null,"value":1e300,"time_logged":"2026-11-24T00:40:42Z","tags":{}}',
        '',
      ].join('\n'),
    );
    const db = path.join(tempDir(), 'q.db');
    const { code, summary } = importJson(root, db);
    expect(code).toBe(0);
    expect(summary.quarantined).toBe(3);
    const reasons = quarantineReasons(db);
    expect(reasons[0]).toMatch(/start_time is not an ISO 8601 time: "9999-99-99T99:99:99"/);
    expect(reasons[1]).toMatch(/too large for a double/);
    expect(reasons[2]).toMatch(/nests deeper than 256 levels/);
    const store = openStore(db);
    const kept = allRunTraces(store).attributes.find((a) => a.key === 'fine') as { value: string };
    store.close();
    expect(Number(kept.value)).toBe(1e300);
  });
});
