import {
  type Api,
  EVENT_NAMES,
  type EventName,
  type EventOf,
  METHOD_NAMES,
  type MethodName,
} from '../../../shared/contract';
import { API_PREFIX, EVENTS_PATH } from '../../../shared/http-protocol';

/** An error the host answered with, or a failure to reach it; the message is for people. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function errorMessageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const err = (body as { error: unknown }).error;
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const m = (err as { message: unknown }).message;
    if (typeof m === 'string') return m;
  }
  return null;
}

async function call(method: MethodName, request: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${API_PREFIX}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(
      'Cannot reach the Stream Lens host. Check that `stream-lens serve` is still running, then reload the page.',
      null,
    );
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy's HTML error page or an empty body: fall through to the status text below.
  }
  if (!res.ok) {
    if (res.status === 401 || res.status === 403) {
      throw new ApiError(
        'This page is not signed in to the Stream Lens host. Open the token URL that `stream-lens serve` printed.',
        res.status,
      );
    }
    throw new ApiError(
      errorMessageOf(body) ?? `${method} failed: ${res.status} ${res.statusText}`,
      res.status,
    );
  }
  if (typeof body !== 'object' || body === null || !('result' in body)) {
    throw new ApiError(`${method}: the host sent an answer without a result. Reload the page.`, res.status);
  }
  return (body as { result: unknown }).result;
}

/**
 * The `Api` over the `serve` host's HTTP protocol (shared/http-protocol.ts). Events come from one
 * shared EventSource, opened on the first subscription; it reconnects by itself when the host
 * restarts.
 */
export function createHttpApi(): Api {
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const ensureSource = (): void => {
    if (source !== null) return;
    source = new EventSource(EVENTS_PATH);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  };

  const on = <E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): (() => void) => {
    ensureSource();
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    // The host sends payloads of the event's schema; the cast only restores the type the map erased.
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  };

  const methods = Object.fromEntries(METHOD_NAMES.map((m) => [m, (request: unknown) => call(m, request)]));
  // Built from METHOD_NAMES, so every method of the contract is present; TypeScript cannot see that
  // through Object.fromEntries.
  return { ...methods, on } as unknown as Api;
}
