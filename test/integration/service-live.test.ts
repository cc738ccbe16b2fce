import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../src/core/service';
import { LOCAL, tempDir } from '../helpers/fixtures';

let service: Service | null = null;
afterEach(() => {
  service?.close();
  service = null;
});

/** The respond step of a fixture app (begin_entry … end_stream), renumbered as step `seq`. */
function streamLines(seq: number): string[] {
  const fixture = readFileSync(
    path.join(LOCAL, 'chatbot-models', 'fast-model-run-01-3e650d', 'log.jsonl'),
    'utf8',
  )
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const start = fixture.findIndex((o) => o.type === 'begin_entry' && o.action === 'respond');
  const end = fixture.findIndex((o, i) => i > start && o.type === 'end_stream');
  return fixture.slice(start, end + 1).map((o) =>
    JSON.stringify({
      ...o,
      ...('sequence_id' in o ? { sequence_id: seq } : {}),
      ...('action_sequence_id' in o ? { action_sequence_id: seq } : {}),
    }),
  );
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (!(await condition())) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - t0;
}

describe('live folders through the service', () => {
  it('shows an appended stream within a second, quietly (no progress bar), and a half-written line only once finished', async () => {
    const root = path.join(tempDir(), 'burr');
    cpSync(path.join(LOCAL, 'chatbot-models'), path.join(root, 'chatbot-models'), { recursive: true });
    service = createService({ databasePath: path.join(tempDir(), 'live.db'), host: 'serve' });
    const s = service;
    const reasons: string[] = [];
    let progressEvents = 0;
    s.on('data:changed', ({ reason }) => reasons.push(reason));
    s.addFolder(root);
    await s.whenIdle();
    s.on('import:progress', () => progressEvents++);
    const count = async (): Promise<number> =>
      (
        await s.handlers['streams:query']({
          filter: { project: 'chatbot-models' },
          sort: { by: 'stream_start', dir: 'asc' },
          offset: 0,
          limit: 1,
        })
      ).total;
    expect(await count()).toBe(44);

    const log = path.join(root, 'chatbot-models', 'fast-model-run-01-3e650d', 'log.jsonl');
    const lines = streamLines(77);
    const whole = lines.slice(0, -1).join('\n');
    const last = lines.at(-1) as string;
    appendFileSync(log, `${whole}\n${last.slice(0, 40)}`); // end_stream half written
    await new Promise((r) => setTimeout(r, 600));
    await s.whenIdle();
    const run = async () =>
      (
        await s.handlers['streams:query']({
          filter: { app: 'fast-model-run-01-3e650d' },
          sort: { by: 'stream_start', dir: 'asc' },
          offset: 0,
          limit: 50,
        })
      ).rows;
    expect((await run()).find((r) => r.sequence_id === 77)?.items ?? null).toBeNull(); // begun, not ended
    const t0 = performance.now();
    appendFileSync(log, `${last.slice(40)}\n`);
    await until(async () => ((await run()).find((r) => r.sequence_id === 77)?.items ?? null) !== null, 5000);
    const seenAfterMs = performance.now() - t0;
    expect(seenAfterMs).toBeLessThan(1000);
    expect(await count()).toBe(45);
    expect(reasons).toContain('live import');
    expect(progressEvents).toBe(0);
  });

  it('picks up a new app and a new project folder', async () => {
    const root = path.join(tempDir(), 'burr');
    cpSync(path.join(LOCAL, 'async-agent'), path.join(root, 'async-agent'), { recursive: true });
    service = createService({ databasePath: path.join(tempDir(), 'live2.db'), host: 'serve' });
    const s = service;
    s.addFolder(root);
    await s.whenIdle();
    cpSync(
      path.join(LOCAL, 'chatbot-models', 'slow-model-run-00-43fa65'),
      path.join(root, 'async-agent', 'new-app'),
      { recursive: true },
    );
    cpSync(path.join(LOCAL, 'chatbot-legacy'), path.join(root, 'chatbot-legacy'), { recursive: true });
    const projects = async () => (await s.handlers['library:projects']({})).map((p) => [p.name, p.apps]);
    await until(
      async () =>
        JSON.stringify(await projects()) ===
        JSON.stringify([
          ['async-agent', 5],
          ['chatbot-legacy', 4],
        ]),
      5000,
    );
    expect((await s.handlers['sources:list']({})).map((x) => x.location)).toEqual([root]);
  });
});
