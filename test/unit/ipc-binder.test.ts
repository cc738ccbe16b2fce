import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  APP_ORIGIN,
  allowedSenderFor,
  bindContract,
  type ContractHandlers,
  type IpcMainLike,
} from '../../src/main/ipc-binder';
import { channelFor } from '../../src/preload/desktop-bridge';
import { contract, METHOD_NAMES, type MethodName, type RequestOf } from '../../src/shared/contract';

type Listener = Parameters<IpcMainLike['handle']>[1];

/** Records what the binder registers, and invokes a channel the way Electron would. */
class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.listeners.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.listeners.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }

  async invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const listener = this.listeners.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  }
}

/**
 * The smallest value a response schema accepts, derived from the schema itself
 * so the test follows the contract as it grows (zod 4 exposes its definition
 * as `_zod.def`).
 */
function exampleOf(schema: z.ZodType): unknown {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'string':
      return 'x';
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return false;
    case 'null':
    case 'unknown':
    case 'any':
      return null;
    case 'nullable':
      return null;
    case 'optional':
      return undefined;
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return exampleOf(def.innerType as z.ZodType);
    case 'array':
      return [];
    case 'record': {
      // A record keyed by an enum must have every key (the dashboard's statistics per metric).
      const keys = (def.keyType as { _zod: { def: { type: string; entries?: Record<string, string> } } })._zod
        .def;
      if (keys.type !== 'enum' || !keys.entries) return {};
      const value = exampleOf(def.valueType as z.ZodType);
      return Object.fromEntries(Object.values(keys.entries).map((key) => [key, value]));
    }
    case 'enum':
      return Object.values(def.entries as Record<string, string | number>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'union':
      return exampleOf((def.options as z.ZodType[])[0] as z.ZodType);
    case 'pipe':
      return exampleOf(def.in as z.ZodType);
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      return Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, exampleOf(value)]));
    }
    default:
      throw new Error(`exampleOf: no example for zod type '${def.type}'; extend the test helper.`);
  }
}

const filter = { project: 'demo' };
/** One valid request per method; typed so a new contract method fails to compile until it gets one here. */
const validRequests: { [M in MethodName]: RequestOf<M> } = {
  'app:info': {},
  'shell:show-in-folder': { fileRef: 4 },
  'sources:list': {},
  'sources:add': { path: '/tmp/burr-logs' },
  'sources:add-s3': { bucket: 'burr-logs', prefix: 'data/', region: 'us-east-1' },
  'export:pdf': { filter: {}, groupBy: 'project' },
  'sources:remove': { sourceId: 3 },
  'import:start': { sourceIds: [1, 2] },
  'import:cancel': { jobId: 'job-1' },
  'import:status': {},
  'library:projects': { sourceId: 1 },
  'library:apps': { filter },
  'filters:options': { project: 'demo' },
  'problems:timing': { sourceId: 1 },
  'slo:get': { project: 'demo' },
  'slo:set': { project: 'demo', slo: { ttft_ms: { op: '<=', value: 500 } } },
  'dashboard:get': { filter, ttftLog: true },
  'streams:query': { filter, limit: 50 },
  'runs:get': { appRef: 7 },
  'events:read': { fileRef: 1, offset: 0, length: 100 },
  'problems:list': { sourceId: 1 },
  'compare:run': {
    groups: [
      { name: 'fast', filter: { app: 'fast-*' } },
      { name: 'slow', filter: { app: 'slow-*' } },
    ],
  },
  'export:render': { format: 'md', filter },
};

const responses = Object.fromEntries(
  METHOD_NAMES.map((method) => [method, exampleOf(contract[method].response)]),
) as Record<MethodName, unknown>;

function fakeHandlers(calls: { method: MethodName; request: unknown }[]): ContractHandlers {
  return Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (request: unknown) => {
        calls.push({ method, request });
        return responses[method];
      },
    ]),
  ) as unknown as ContractHandlers;
}

const APP_URL = `${APP_ORIGIN}/index.html`;
const productionPolicy = allowedSenderFor({ isDev: false });

function bind(policy: (url: string) => boolean = productionPolicy) {
  const ipc = new FakeIpcMain();
  const calls: { method: MethodName; request: unknown }[] = [];
  const unbind = bindContract(ipc, fakeHandlers(calls), { isAllowedSender: policy });
  return { ipc, calls, unbind };
}

describe('bindContract', () => {
  it('the fake responses are themselves valid for the contract', () => {
    for (const method of METHOD_NAMES) {
      expect(() => contract[method].response.parse(responses[method]), method).not.toThrow();
    }
  });

  it('registers exactly one channel per contract method', () => {
    const { ipc } = bind();
    expect([...ipc.listeners.keys()].sort()).toEqual(METHOD_NAMES.map(channelFor).sort());
    expect(METHOD_NAMES.length).toBeGreaterThan(10);
  });

  it('round-trips every method: parsed request in (defaults applied), handler result out', async () => {
    const { ipc, calls } = bind();
    expect(Object.keys(validRequests).sort()).toEqual([...METHOD_NAMES].sort());
    for (const method of METHOD_NAMES) {
      const result = await ipc.invoke(channelFor(method), APP_URL, validRequests[method]);
      expect(result, method).toEqual(responses[method]);
      const call = calls.at(-1);
      expect(call?.method).toBe(method);
      expect(call?.request, method).toEqual(contract[method].request.parse(validRequests[method]));
    }
    expect(calls).toHaveLength(METHOD_NAMES.length);
  });

  it('applies schema defaults before the handler sees the request', async () => {
    const { ipc, calls } = bind();
    await ipc.invoke(channelFor('library:apps'), APP_URL, { filter: {} });
    expect(calls[0]?.request).toEqual({ filter: {}, limit: 500, offset: 0 });
  });

  it.each([
    ['https://evil.example/', '"https://evil.example"'],
    ['file:///etc/passwd', '"file://"'],
    ['app://stream-lens.evil/index.html', '"app://stream-lens.evil"'],
    ['app://stream-lens:8080/index.html', '"app://stream-lens:8080"'],
    ['app://user@stream-lens/index.html', '"app://stream-lens"'],
    ['http://localhost:5173/', '"http://localhost:5173"'],
    ['not a url', 'an unparseable URL'],
  ])('rejects a request from %s without calling the handler', async (url, described) => {
    const { ipc, calls } = bind();
    await expect(ipc.invoke(channelFor('app:info'), url, {})).rejects.toThrow(
      `Refused 'app:info': the request came from ${described}, not from the Stream Lens window.`,
    );
    expect(calls).toHaveLength(0);
  });

  it('rejects a request whose sender frame is gone (null senderFrame)', async () => {
    const { ipc, calls } = bind();
    await expect(ipc.invoke(channelFor('sources:list'), null, {})).rejects.toThrow(
      /Refused 'sources:list': the request came from a frame that no longer exists/,
    );
    expect(calls).toHaveLength(0);
  });

  it('treats a throwing sender policy as a refusal', async () => {
    const { ipc, calls } = bind(() => {
      throw new Error('boom');
    });
    await expect(ipc.invoke(channelFor('app:info'), APP_URL, {})).rejects.toThrow(/Refused 'app:info'/);
    expect(calls).toHaveLength(0);
  });

  it('rejects a malformed request, naming the method and the first issue', async () => {
    const { ipc, calls } = bind();
    await expect(ipc.invoke(channelFor('runs:get'), APP_URL, { appRef: 'seven' })).rejects.toThrow(
      /^Invalid request for 'runs:get': appRef: .*number/,
    );
    await expect(ipc.invoke(channelFor('sources:add'), APP_URL, { path: '' })).rejects.toThrow(
      /^Invalid request for 'sources:add': path: /,
    );
    await expect(ipc.invoke(channelFor('compare:run'), APP_URL, { groups: [] })).rejects.toThrow(
      /^Invalid request for 'compare:run': groups: /,
    );
    await expect(ipc.invoke(channelFor('app:info'), APP_URL, undefined)).rejects.toThrow(
      /^Invalid request for 'app:info': request: /,
    );
    expect(calls).toHaveLength(0);
  });

  it('rejects unknown keys on strict requests (nothing smuggled past the schema)', async () => {
    const { ipc, calls } = bind();
    await expect(
      ipc.invoke(channelFor('runs:get'), APP_URL, { appRef: 1, sql: 'DROP TABLE apps' }),
    ).rejects.toThrow(/^Invalid request for 'runs:get'/);
    expect(calls).toHaveLength(0);
  });

  it('rejects extra arguments', async () => {
    const { ipc } = bind();
    await expect(ipc.invoke(channelFor('app:info'), APP_URL, {}, { extra: true })).rejects.toThrow(
      "Invalid request for 'app:info': expected one request object, got 2 arguments.",
    );
  });

  it('has no handler for channels outside the contract, and no generic invoke', async () => {
    const { ipc } = bind();
    for (const channel of [
      'stream-lens:invoke',
      'stream-lens:*',
      'stream-lens:shell:open',
      'app:info',
      'invoke',
      'stream-lens:',
    ]) {
      expect(ipc.listeners.has(channel), channel).toBe(false);
      await expect(ipc.invoke(channel, APP_URL, {})).rejects.toThrow(/No handler registered/);
    }
  });

  it('passes a handler error through unchanged', async () => {
    const ipc = new FakeIpcMain();
    const handlers = {
      ...fakeHandlers([]),
      'runs:get': async () => {
        throw new Error('No app with id 7: it may have been removed with its source. Pick another run.');
      },
    } as ContractHandlers;
    bindContract(ipc, handlers, { isAllowedSender: productionPolicy });
    await expect(ipc.invoke(channelFor('runs:get'), APP_URL, { appRef: 7 })).rejects.toThrow(
      /^No app with id 7/,
    );
  });

  it('refuses to bind when a method has no handler', () => {
    const handlers = { ...fakeHandlers([]) } as Partial<ContractHandlers>;
    delete handlers['export:render'];
    expect(() =>
      bindContract(new FakeIpcMain(), handlers as ContractHandlers, { isAllowedSender: productionPolicy }),
    ).toThrow("No handler for the contract method 'export:render'.");
  });

  it('unbinds every channel', () => {
    const { ipc, unbind } = bind();
    unbind();
    expect(ipc.listeners.size).toBe(0);
  });
});

describe('allowedSenderFor', () => {
  it('production: only app://stream-lens', () => {
    const allowed = allowedSenderFor({ isDev: false, devServerUrl: 'http://localhost:5173' });
    expect(allowed('app://stream-lens/index.html')).toBe(true);
    expect(allowed('app://stream-lens/')).toBe(true);
    // Chromium canonicalises a standard scheme's host to lower case, so only that form is accepted.
    expect(allowed('app://STREAM-LENS/index.html')).toBe(false);
    expect(allowed('http://localhost:5173/')).toBe(false);
    expect(allowed('app://stream-lens.evil/')).toBe(false);
    expect(allowed('app://evil.stream-lens/')).toBe(false);
    expect(allowed('https://stream-lens/')).toBe(false);
    expect(allowed('file:///work/main/out/renderer/index.html')).toBe(false);
    expect(allowed('about:blank')).toBe(false);
    expect(allowed('')).toBe(false);
  });

  it('dev: the loopback dev server origin as well, exactly', () => {
    const allowed = allowedSenderFor({ isDev: true, devServerUrl: 'http://localhost:5173' });
    expect(allowed('http://localhost:5173/')).toBe(true);
    expect(allowed('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(allowed('app://stream-lens/index.html')).toBe(true);
    expect(allowed('http://localhost:5174/')).toBe(false);
    expect(allowed('https://localhost:5173/')).toBe(false);
    expect(allowed('http://localhost.evil.example:5173/')).toBe(false);
    expect(allowed('http://user:pw@localhost:5173/')).toBe(false);
  });

  it('dev: a non-loopback dev server URL is never trusted', () => {
    const allowed = allowedSenderFor({ isDev: true, devServerUrl: 'https://evil.example' });
    expect(allowed('https://evil.example/')).toBe(false);
    expect(allowed('app://stream-lens/index.html')).toBe(true);
  });
});
