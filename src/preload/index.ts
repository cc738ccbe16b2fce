import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import { EVENT_NAMES, type EventName, METHOD_NAMES } from '../shared/contract';
import {
  channelFor,
  type DesktopApi,
  EVENT_CHANNEL,
  isMenuAction,
  MENU_CHANNEL,
  type MenuAction,
} from './desktop-bridge';

/**
 * Exposes `window.api` to the page: one function per contract method, `on`
 * for the core's push events and `onMenu` for native menu actions. Nothing
 * else crosses the bridge — no ipcRenderer, no generic invoke, and never an
 * IpcRendererEvent (its `sender` is ipcRenderer itself).
 *
 * Runs sandboxed, where only 'electron' (and a few Node built-ins) can be
 * required, so electron-vite bundles this file with the contract and zod into
 * one CommonJS script.
 */

/** Electron wraps a rejected handler's message as "Error invoking remote method '<channel>': Error: <message>"; the user only needs <message>. */
function cleanError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, ''));
}

type Listener = (payload: unknown) => void;
const eventListeners = new Map<EventName, Set<Listener>>();
const menuListeners = new Set<(action: MenuAction) => void>();
const knownEvents: ReadonlySet<string> = new Set(EVENT_NAMES);

// One IPC subscription per channel for the page's lifetime, fanned out here, so page code cannot pile up ipcRenderer listeners.
ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string' || !knownEvents.has(name)) return;
  for (const listener of eventListeners.get(name as EventName) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      console.error(error);
    }
  }
});

ipcRenderer.on(MENU_CHANNEL, (_event: IpcRendererEvent, action: unknown) => {
  if (!isMenuAction(action)) return;
  for (const listener of menuListeners) {
    try {
      listener(action);
    } catch (error) {
      console.error(error);
    }
  }
});

function requireFunction(value: unknown, what: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`${what} must be a function.`);
}

const methods = Object.fromEntries(
  METHOD_NAMES.map((method) => {
    const channel = channelFor(method);
    const call = (request: unknown): Promise<unknown> =>
      ipcRenderer.invoke(channel, request).catch((error: unknown) => {
        throw cleanError(error);
      });
    return [method, call];
  }),
);

// Built from METHOD_NAMES at runtime, so the compiler cannot see the keys; the contract test checks every method is there.
const api = {
  ...methods,
  on(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || !knownEvents.has(event)) {
      throw new TypeError(`Unknown event '${String(event)}'. Known events: ${EVENT_NAMES.join(', ')}.`);
    }
    requireFunction(listener, 'The event listener');
    const name = event as EventName;
    let set = eventListeners.get(name);
    if (!set) {
      set = new Set();
      eventListeners.set(name, set);
    }
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      eventListeners.get(name)?.delete(entry);
    };
  },
  /** The path of a file or folder dropped on the window (the page itself never learns it). */
  pathForFile(file: unknown): string {
    try {
      return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
    } catch {
      return '';
    }
  },
  onMenu(listener: unknown): () => void {
    requireFunction(listener, 'The menu listener');
    const entry = listener as (action: MenuAction) => void;
    menuListeners.add(entry);
    return () => {
      menuListeners.delete(entry);
    };
  },
} as unknown as DesktopApi;

contextBridge.exposeInMainWorld('api', api);
