import type { HostApi } from './host-api';
import { createHttpApi } from './http-api';

export type HostKind = 'electron' | 'browser';

/** `window.api` when the Electron preload exposed it; otherwise the HTTP client of `serve`. */
export function getApi(): { api: HostApi; host: HostKind } {
  if (window.api !== undefined) return { api: window.api, host: 'electron' };
  return { api: createHttpApi(), host: 'browser' };
}
