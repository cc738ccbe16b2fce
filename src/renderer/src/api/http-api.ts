import type { Api, EventName, EventOf, MethodName } from '../../../shared/contract';
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

/** How every method of the contract is named (`domain:verb`); `then` and symbols are not. */
const METHOD_NAME = /^[a-z0-9-]+:[a-zA-Z0-9:-]+$/;

/**
 * The `Api` over the `serve` host's HTTP protocol (shared/http-protocol.ts). Events come from one
 * shared EventSource, opened on the first subscription; it reconnects by itself when the host
 * restarts.
 *
 * Nothing here reads the contract's values, only its types: the contract module builds every zod
 * schema of the protocol when it is evaluated, which the page would pay for before its first
 * request. So a method is whatever name of the contract's form is asked for (the host answers an
 * unknown one with a 404 that says so), and an event is listened to when first subscribed.
 */
export function createHttpApi(): Api {
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const listen = (name: EventName): Set<(payload: unknown) => void> => {
    const known = listeners.get(name);
    if (known) return known;
    const set = new Set<(payload: unknown) => void>();
    listeners.set(name, set);
    source ??= new EventSource(EVENTS_PATH);
    source.addEventListener(name, (e) => {
      let payload: unknown;
      try {
        payload = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const l of set) l(payload);
    });
    return set;
  };

  const on = <E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): (() => void) => {
    const set = listen(event);
    // The host sends payloads of the event's schema; the cast only restores the type the map erased.
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  };

  const methods = new Map<string, (request: unknown) => Promise<unknown>>();
  const method = (name: string) => {
    let m = methods.get(name);
    if (!m) {
      m = (request: unknown) => call(name as MethodName, request);
      methods.set(name, m);
    }
    return m;
  };
  // A method is made when first read, each name once (a stable function, as a map of them would be).
  // TypeScript cannot see the contract's keys through the proxy: the cast restores the type.
  // Any other name reads as on a plain object (toString for a template string; `then` is
  // undefined, so the Api is never taken for a promise); nothing can be set on it.
  return new Proxy({} as Api, {
    get: (target, name) => {
      if (name === 'on') return on;
      if (typeof name === 'string' && METHOD_NAME.test(name)) return method(name);
      return Reflect.get(target, name);
    },
    set: () => false,
  });
}
