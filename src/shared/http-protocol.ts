/**
 * How the renderer talks to the `serve` host (the browser counterpart of IPC):
 * - the printed URL carries `?token=…`; the host answers with an HttpOnly,
 *   SameSite=Strict cookie (named per instance) and redirects to `/`, so the token leaves the address bar;
 * - `POST /api/<method>` with the JSON request → 200 `{ "result": … }`
 *   or 4xx/5xx `{ "error": { "message": … } }`;
 * - `GET /api/events` is a server-sent event stream: `event: <EventName>`, `data: <JSON>`.
 */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
export const TOKEN_QUERY = 'token';
/** The cookie's name is this prefix plus a random id per `serve` instance (cookies ignore ports). */
export const TOKEN_COOKIE_PREFIX = 'stream_lens_token_';

export interface ApiErrorBody {
  error: { message: string };
}
export interface ApiResultBody<T> {
  result: T;
}
