import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES } from '../shared/contract';
import { channelFor, EVENT_CHANNEL, MENU_CHANNEL } from './desktop-bridge';

/** A stand-in for Electron's renderer-side modules: records what the preload exposes and subscribes to. */
const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const subscriptions = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const invoke = vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>();
  return {
    exposed,
    subscriptions,
    invoke,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke,
        on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
          subscriptions.set(channel, listener),
      },
      webUtils: {
        getPathForFile: (file: { fakePath?: string }) => {
          if (file.fakePath === undefined) throw new TypeError('not a File');
          return file.fakePath;
        },
      },
    },
  };
});
vi.mock('electron', () => electron.module);

type ExposedApi = Record<string, (...args: unknown[]) => unknown>;

async function loadPreload(): Promise<ExposedApi> {
  vi.resetModules();
  electron.exposed.clear();
  electron.subscriptions.clear();
  await import('./index');
  return electron.exposed.get('api') as ExposedApi;
}

function emit(channel: string, ...args: unknown[]): void {
  electron.subscriptions.get(channel)?.({ sender: 'ipcRenderer itself' }, ...args);
}

describe('preload window.api', () => {
  it('exposes exactly the contract methods plus on, onMenu and pathForFile, under one key', async () => {
    const api = await loadPreload();
    expect([...electron.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'on', 'onMenu', 'pathForFile'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.keys(api)).not.toContain('invoke');
  });

  it('tells the path of a dropped file, and nothing for what is not one', async () => {
    const api = (await loadPreload()) as unknown as { pathForFile(file: unknown): string };
    expect(api.pathForFile({ fakePath: '/home/u/.burr' })).toBe('/home/u/.burr');
    expect(api.pathForFile('not a file')).toBe('');
  });

  it('calls each method on its own channel with the request as given', async () => {
    const api = await loadPreload();
    electron.invoke.mockResolvedValue({ ok: true });
    for (const method of METHOD_NAMES) {
      await expect(api[method]?.({ probe: method })).resolves.toEqual({ ok: true });
      expect(electron.invoke).toHaveBeenLastCalledWith(channelFor(method), { probe: method });
    }
  });

  it("strips Electron's remote-method prefix from errors", async () => {
    const api = await loadPreload();
    electron.invoke.mockImplementation(async () => {
      throw new Error(
        "Error invoking remote method 'stream-lens:runs:get': Error: No app with id 7. Pick another run.",
      );
    });
    await expect(api['runs:get']?.({ appRef: 7 })).rejects.toThrow(/^No app with id 7\. Pick another run\.$/);
  });

  it('delivers known events (payload only, never the IPC event) until unsubscribed', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = api.on?.('data:changed', listener) as () => void;
    emit(EVENT_CHANNEL, 'data:changed', { reason: 'source added', topics: ['sources'] });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ reason: 'source added', topics: ['sources'] });
    emit(EVENT_CHANNEL, 'import:done', { jobId: 'j' });
    emit(EVENT_CHANNEL, 'no-such-event', {});
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    emit(EVENT_CHANNEL, 'data:changed', { reason: 'again', topics: ['sources'] });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('refuses unknown event names and non-function listeners', async () => {
    const api = await loadPreload();
    expect(() => api.on?.('stream-lens:menu', vi.fn())).toThrow(/Unknown event 'stream-lens:menu'/);
    expect(() => api.on?.(EVENT_NAMES[0], 'not a function')).toThrow(/must be a function/);
    expect(() => api.onMenu?.(42)).toThrow(/must be a function/);
  });

  it('forwards menu actions it knows, and only those', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = api.onMenu?.(listener) as () => void;
    emit(MENU_CHANNEL, 'view:streams');
    emit(MENU_CHANNEL, 'rm -rf /');
    expect(listener).toHaveBeenCalledExactlyOnceWith('view:streams');
    unsubscribe();
    emit(MENU_CHANNEL, 'export');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const api = await loadPreload();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    api.on?.('data:changed', () => {
      throw new Error('broken view');
    });
    api.on?.('data:changed', good);
    emit(EVENT_CHANNEL, 'data:changed', { reason: 'x', topics: ['sources'] });
    expect(good).toHaveBeenCalled();
    quiet.mockRestore();
  });
});
