import { appendFileSync, cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importTopics } from '../../src/core/runtime/import-topics';
import { createService, type Service } from '../../src/core/service';
import type { EventOf } from '../../src/shared/contract';
import { LOCAL, tempDir } from '../helpers/fixtures';

let service: Service | null = null;
afterEach(() => {
  service?.close();
  service = null;
});

describe('data:changed names what an import changed', () => {
  it('streams only when apps changed, Problems only when Problems changed', async () => {
    const logs = path.join(tempDir(), 'logs');
    cpSync(path.join(LOCAL, 'chatbot-models'), path.join(logs, 'chatbot-models'), { recursive: true });
    const app = path.join(
      logs,
      'chatbot-models',
      readdirSync(path.join(logs, 'chatbot-models')).sort()[0] ?? '',
    );
    service = createService({ databasePath: path.join(tempDir(), 'topics.db'), host: 'serve', watch: false });
    const changes: EventOf<'data:changed'>[] = [];
    service.on('data:changed', (e) => {
      if (e.reason === 'import') changes.push(e);
    });
    const reimport = async (): Promise<EventOf<'data:changed'>> => {
      await service?.handlers['import:start']({});
      await service?.whenIdle();
      const last = changes.at(-1);
      if (!last) throw new Error('no data:changed after the import');
      return last;
    };

    service.addFolder(logs);
    await service.whenIdle();
    // The first import: 16 apps of streams, clean lines.
    expect(changes.at(-1)?.topics).toEqual(['sources', 'streams']);
    expect(changes.at(-1)?.apps).toHaveLength(16);

    // Nothing new: no stream changed, nothing for Problems.
    expect((await reimport()).topics).toEqual(['sources']);

    // A bad line: Problems changed, the streams did not.
    appendFileSync(path.join(app, 'log.jsonl'), '{"type": "end_stream", broken\n');
    expect((await reimport()).topics).toEqual(['sources', 'problems']);

    // A good line that is a step of that app: its streams, and only its app.
    appendFileSync(
      path.join(app, 'log.jsonl'),
      `${JSON.stringify({ type: 'begin_entry', start_time: '2026-11-24T00:50:00.000000', action: 'prompt', inputs: {}, sequence_id: 900 })}\n`,
    );
    const good = await reimport();
    expect(good.topics).toEqual(['sources', 'streams']);
    expect(good.apps).toHaveLength(1);
  });

  it('new SLOs are announced as settings, so every open window asks for them again', async () => {
    service = createService({ databasePath: path.join(tempDir(), 'slo.db'), host: 'serve', watch: false });
    const changes: EventOf<'data:changed'>[] = [];
    service.on('data:changed', (e) => changes.push(e));
    await service.handlers['slo:set']({ project: 'p', slo: { ttft_ms: { op: '<=', value: 500 } } });
    expect(changes).toEqual([{ reason: 'slo set', topics: ['settings'] }]);
  });

  it('a failed import (no summary) may have changed anything', () => {
    expect(importTopics(null, false)).toEqual(['streams', 'sources', 'problems']);
  });
});
