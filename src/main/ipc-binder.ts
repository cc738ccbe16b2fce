import type { z } from 'zod';
import { channelFor } from '../preload/desktop-bridge';
import {
  contract,
  METHOD_NAMES,
  type MethodName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../shared/contract';

/**
 * The part of Electron's `ipcMain` the binding needs. Taking this instead of
 * importing 'electron' keeps the sender and schema checks testable in plain
 * Node (the same trick Bruno uses for its SQLite package).
 */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

export type ContractHandlers = { [M in MethodName]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> };

export interface BindOptions {
  /** Whether a frame at this URL may call the API; see allowedSenderFor. */
  isAllowedSender(url: string): boolean;
}

/** The app's own scheme and host: the built renderer is served from app://stream-lens/. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'stream-lens';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for app://stream-lens/… exactly: no look-alike host, no port, no credentials. */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    // WHATWG parsing keeps a non-special scheme's host as written, so compare the host itself, not `origin` (which is "null").
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * The sender policy: the app's own origin, plus the electron-vite dev server
 * only while developing (and only when it is a loopback http(s) URL, so a
 * stray ELECTRON_RENDERER_URL cannot open the API to a remote site).
 */
export function allowedSenderFor(options: {
  isDev: boolean;
  devServerUrl?: string | undefined;
}): (url: string) => boolean {
  const dev = options.isDev && options.devServerUrl ? parseUrl(options.devServerUrl) : null;
  const devOrigin =
    dev && (dev.protocol === 'http:' || dev.protocol === 'https:') && LOOPBACK_HOSTS.has(dev.hostname)
      ? dev.origin
      : null;
  return (url) => {
    if (isAppUrl(url)) return true;
    if (devOrigin === null) return false;
    const parsed = parseUrl(url);
    return parsed !== null && parsed.origin === devOrigin && parsed.username === '' && parsed.password === '';
  };
}

/** Where a refused request came from, for the error message: only the origin, never a full path or query. */
function describeSender(url: string | undefined): string {
  if (url === undefined) return 'a frame that no longer exists';
  const parsed = parseUrl(url);
  if (!parsed) return 'an unparseable URL';
  const origin = parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  return `"${origin}"`;
}

function describeIssue(issue: z.ZodError['issues'][number] | undefined): string {
  if (!issue) return 'the request does not match the contract';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'request';
  return `${where}: ${issue.message}`;
}

/**
 * Registers one `ipcMain.handle` channel per contract method (never a generic
 * invoke). Each call is checked in this order: the sender frame's URL, then the
 * request against the method's zod schema; only a parsed request (with its
 * defaults applied) reaches the handler. Returns a function that unregisters
 * every channel.
 */
export function bindContract(
  ipcMain: IpcMainLike,
  handlers: ContractHandlers,
  options: BindOptions,
): () => void {
  const bound: string[] = [];
  for (const method of METHOD_NAMES) {
    const handler = handlers[method] as ((request: unknown) => Promise<unknown>) | undefined;
    if (typeof handler !== 'function') throw new Error(`No handler for the contract method '${method}'.`);
    const schema: z.ZodType = contract[method].request;
    const channel = channelFor(method);
    ipcMain.handle(channel, async (event, ...args) => {
      const url = event.senderFrame?.url;
      let allowed = false;
      try {
        allowed = url !== undefined && options.isAllowedSender(url);
      } catch {
        allowed = false;
      }
      if (!allowed) {
        throw new Error(
          `Refused '${method}': the request came from ${describeSender(url)}, not from the Stream Lens window.`,
        );
      }
      if (args.length > 1) {
        throw new Error(
          `Invalid request for '${method}': expected one request object, got ${args.length} arguments.`,
        );
      }
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) {
        throw new Error(`Invalid request for '${method}': ${describeIssue(parsed.error.issues[0])}.`);
      }
      return handler(parsed.data);
    });
    bound.push(channel);
  }
  return () => {
    for (const channel of bound) ipcMain.removeHandler(channel);
  };
}
