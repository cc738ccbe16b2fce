import { afterEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../../shared/contract';
import { createHttpApi } from './http-api';

// The HTTP Api reads no value of the contract (see http-api.ts): its methods are made by name.
// These tests hold it to the contract all the same.

afterEach(() => vi.unstubAllGlobals());

describe('the HTTP Api', () => {
  it('has a method for every method of the contract, the same function each time it is read', () => {
    const api = createHttpApi() as unknown as Record<string, unknown>;
    for (const method of METHOD_NAMES) expect(typeof api[method], method).toBe('function');
    expect(api['dashboard:get']).toBe(api['dashboard:get']);
    expect(typeof api.on).toBe('function');
  });

  it('is not a thenable, has none of the Electron-only members, reads like an object otherwise and takes no new members', () => {
    const api = createHttpApi() as unknown as Record<string, unknown>;
    expect(api.then).toBeUndefined();
    expect(api.onMenu).toBeUndefined();
    expect(api.pathForFile).toBeUndefined();
    expect(`${api}`).toBe('[object Object]');
    expect(() => {
      api['dashboard:get'] = () => null;
    }).toThrow(TypeError);
  });

  it("posts a call to the method's path and answers with the result", async () => {
    const calls: { url: string; body: string }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, body: String(init.body) });
      return new Response(JSON.stringify({ result: { version: '9.9.9' } }), { status: 200 });
    });
    const api = createHttpApi();
    const info = await api['app:info']({});
    expect(info).toEqual({ version: '9.9.9' });
    expect(calls).toEqual([{ url: '/api/app:info', body: '{}' }]);
  });
});
