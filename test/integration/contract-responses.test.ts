import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../src/core/service';
import {
  contract,
  EVENT_NAMES,
  type EventName,
  events,
  METHOD_NAMES,
  type MethodName,
  type RequestOf,
} from '../../src/shared/contract';
import { LOCAL, S3_DOWNLOAD } from '../helpers/fixtures';
import { type LocalS3, startBucketWith } from '../helpers/s3-server';

/**
 * The contract is the one source of truth: every method's real answer, on the real fixtures,
 * must pass its own (closed) response schema, and so must every event the core sends. A method
 * added to the contract without a request here fails the first test.
 */

let s3: LocalS3;
let stopS3: () => Promise<void>;
let service: Service;
const shown: string[] = [];
const sent: { event: EventName; payload: unknown }[] = [];

// One service for every test here (the fixtures' helper removes its folders after each test).
const dir = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-contract-'));

beforeAll(async () => {
  ({ s3, stop: stopS3 } = await startBucketWith(path.join(dir, 's3'), 'team-logs', S3_DOWNLOAD));
  const logs = path.join(dir, 'logs');
  cpSync(LOCAL, logs, { recursive: true });
  service = createService({
    databasePath: path.join(dir, 'contract.db'),
    host: 'serve',
    s3AutoSyncMinutes: 0,
    showInFolder: (p) => shown.push(p),
  });
  for (const event of EVENT_NAMES) service.on(event, (payload) => sent.push({ event, payload }));
  service.addFolder(logs);
  await service.whenIdle();
  // A bad line, so Problems has a quarantined row to answer with.
  const log = path.join(logs, 'chatbot-models');
  appendFileSync(path.join(log, firstAppFolder(log), 'log.jsonl'), '{"type": "end_entry", broken\n');
  await service.handlers['import:start']({});
  await service.whenIdle();
}, 120_000);

afterAll(async () => {
  service?.close();
  await stopS3?.();
  rmSync(dir, { recursive: true, force: true });
});

function firstAppFolder(projectDir: string): string {
  return readdirSync(projectDir).sort()[0] ?? '';
}

/** One real request per method; `null`: answered by the desktop host only (see why). */
async function requestFor(method: MethodName): Promise<RequestOf<MethodName> | { skip: string }> {
  const apps = await service.handlers['library:apps']({ filter: {}, limit: 500, offset: 0 });
  const app = apps.apps.find((a) => a.project === 'chatbot-models') ?? apps.apps[0];
  const run = await service.handlers['runs:get']({ appRef: app?.appRef ?? 0 });
  const ref = run.steps.find((s) => s.endRef)?.endRef;
  const sources = await service.handlers['sources:list']({});
  const requests: { [M in MethodName]: RequestOf<M> | { skip: string } } = {
    'app:info': {},
    'shell:show-in-folder': { sourceId: sources[0]?.id ?? 0 },
    'sources:list': {},
    'sources:add': { path: path.join(LOCAL, 'async-agent') },
    'sources:add-s3': {
      bucket: 'team-logs',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
    },
    'sources:remove': { sourceId: -1 },
    'import:start': {},
    'import:cancel': { jobId: 'no-such-job' },
    'import:status': {},
    'library:projects': {},
    'library:apps': { filter: { project: 'chatbot-models' } },
    'filters:options': { project: 'chatbot-models' },
    'dashboard:get': {
      filter: { project: 'chatbot-models' },
      ttftLog: true,
      splitSort: 'share',
      slo: { ttft_ms: { op: '<=', value: 500 } },
      changePoints: true,
    },
    'streams:query': { filter: {}, sort: { by: 'ttft_ms', dir: 'asc' }, limit: 50 },
    'runs:get': { appRef: app?.appRef ?? 0 },
    'events:read': { fileRef: ref?.fileRef ?? 0, offset: ref?.offset ?? 0, length: ref?.length ?? 0 },
    'problems:list': {},
    'problems:timing': {},
    'slo:get': { project: 'chatbot-models' },
    'slo:set': { project: 'chatbot-models', slo: { ttft_ms: { op: '<=', value: 500 } } },
    'compare:run': {
      groups: [
        { name: 'chatbot', filter: { project: 'chatbot-models' } },
        { name: 'agent', filter: { project: 'async-agent' } },
      ],
      slo: { ttft_ms: { op: '<=', value: 500 } },
    },
    'export:render': {
      format: 'json',
      filter: {},
      groupBy: 'action',
      slo: { ttft_ms: { op: '<=', value: 500 }, inter_item_ms: { op: '<', value: 50 } },
      regressions: true,
    },
    'export:pdf': { skip: 'printed by the desktop host (Electron printToPDF); serve refuses it' },
  };
  return requests[method];
}

describe('the contract against real answers', () => {
  it.each(METHOD_NAMES)('%s answers what its response schema says', async (method) => {
    const request = await requestFor(method);
    if ('skip' in request) {
      await expect(callHandler(method, {})).rejects.toThrow(/desktop app|print/i);
      return;
    }
    const parsedRequest = contract[method].request.parse(request);
    const answer = await callHandler(method, parsedRequest);
    const checked = contract[method].response.safeParse(answer);
    expect(checked.success ? 'ok' : checked.error.message).toBe('ok');
    await service.whenIdle();
  });

  it('every event the core sent passes its schema', () => {
    const names = new Set(sent.map((s) => s.event));
    expect([...names].sort()).toEqual(['data:changed', 'import:done', 'import:progress']);
    for (const { event, payload } of sent) {
      const checked = events[event].safeParse(payload);
      expect(checked.success ? 'ok' : `${event}: ${checked.error.message}`).toBe('ok');
    }
    // The S3 sync's progress names its origin as a typed field, not inside a string.
    const s3Progress = sent.find(
      (s) =>
        s.event === 'import:progress' &&
        (s.payload as { progress: { origin: { kind: string } } }).progress.origin.kind === 's3',
    );
    expect(s3Progress?.payload).toMatchObject({
      progress: { origin: { kind: 's3', location: 's3://team-logs/data/' } },
    });
    expect(shown.length).toBe(1);
  });
});

function callHandler(method: MethodName, request: unknown): Promise<unknown> {
  const handler = service.handlers[method] as (r: unknown) => Promise<unknown>;
  return handler(request);
}
