import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { ZodError } from 'zod';
import type { Service } from '../core/service';
import { ServiceError } from '../core/service';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';
import { contract, EVENT_NAMES, type MethodName } from '../shared/contract';
import { API_PREFIX, EVENTS_PATH, TOKEN_COOKIE_PREFIX, TOKEN_QUERY } from '../shared/http-protocol';
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS, guardConnections } from './connection-guard';
import { readStatic } from './static-files';

/**
 * The browser host of the contract (DESIGN.md): the built renderer and the
 * same methods over HTTP on 127.0.0.1 only. A random token in the printed URL
 * becomes a SameSite=Strict cookie named after this instance (cookies are not
 * port-scoped: two instances must not sign each other out or accept each
 * other's credential); the Host header is checked (DNS rebinding) and so is
 * Origin on every POST (CSRF); a strict CSP on every page; idle sockets are
 * timed out and capped (connection-guard.ts).
 */

const MAX_BODY_BYTES = 1024 * 1024;
/** How much of an oversized body is read and dropped before the socket is cut. */
const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface HttpHost {
  url: string;
  port: number;
  token: string;
  /** Sockets open now (idle ones are capped and timed out). */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startHttpHost(
  service: Service,
  options: { rendererDir: string; port?: number; token?: string; limits?: Partial<ConnectionLimits> },
): Promise<HttpHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const cookieName = `${TOKEN_COOKIE_PREFIX}${randomBytes(6).toString('hex')}`;
  const rendererDir = path.resolve(options.rendererDir);
  let port = options.port ?? 0;
  const sseClients = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `Internal error: ${String(error)}` } });
      else res.end();
    });
  });

  const guard = guardConnections(server, { ...DEFAULT_CONNECTION_LIMITS, ...options.limits });

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const hasToken = (req: IncomingMessage): boolean => {
    const cookie = parseCookies(req.headers.cookie ?? '')[cookieName];
    return cookie !== undefined && safeEqual(cookie, token);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res
        .writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Forbidden: unexpected Host header.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get(TOKEN_QUERY);
    if (req.method === 'GET' && queryToken !== null) {
      if (!safeEqual(queryToken, token)) {
        res
          .writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end('Wrong token: open the URL that stream-lens serve printed.');
        return;
      }
      // Trade the token in the address bar for a cookie, then drop it from the URL.
      res.writeHead(302, {
        'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `/${url.hash}`,
      });
      res.end();
      return;
    }
    if (!hasToken(req)) {
      res
        .writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Stream Lens: open the URL printed by `stream-lens serve` (it carries the access token).');
      return;
    }
    if (url.pathname === EVENTS_PATH && req.method === 'GET') {
      guard.keepOpen(req.socket);
      return openEventStream(res);
    }
    if (url.pathname.startsWith(API_PREFIX)) {
      if (req.method !== 'POST') {
        sendJson(res, 405, { error: { message: 'Use POST for API methods.' } });
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts().has(originHost(origin))) {
        sendJson(res, 403, { error: { message: 'Forbidden: request from another origin.' } });
        return;
      }
      return callMethod(url.pathname.slice(API_PREFIX.length), req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const file = (await readStatic(rendererDir, url.pathname)) ?? (await readStatic(rendererDir, '/'));
    if (!file) {
      res
        .writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end(`The renderer is not built (${rendererDir} is missing). Run: npm run build:web`);
      return;
    }
    res
      .writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' })
      .end(req.method === 'HEAD' ? undefined : file.body);
  }

  async function callMethod(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!Object.hasOwn(contract, name)) {
      sendJson(res, 404, { error: { message: `Unknown method "${name}".` } });
      return;
    }
    const method = name as MethodName;
    let body: unknown;
    try {
      const text = await readBody(req);
      body = text === '' ? {} : JSON.parse(text);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        sendJson(res, 413, { error: { message: error.message } });
        return;
      }
      sendJson(res, 400, {
        error: { message: `Bad request body for ${method}: ${(error as Error).message}` },
      });
      return;
    }
    const parsed = contract[method].request.safeParse(body);
    if (!parsed.success) {
      sendJson(res, 400, {
        error: { message: `Invalid request for ${method}: ${describeZod(parsed.error)}` },
      });
      return;
    }
    try {
      const handler = service.handlers[method] as (request: unknown) => Promise<unknown>;
      sendJson(res, 200, { result: await handler(parsed.data) });
    } catch (error) {
      const status = error instanceof ServiceError ? 422 : 500;
      sendJson(res, status, { error: { message: error instanceof Error ? error.message : String(error) } });
    }
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    sseClients.add(res);
    const unsubscribe = EVENT_NAMES.map((event) =>
      service.on(event, (payload) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      for (const off of unsubscribe) off();
      sseClients.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${port}/?${TOKEN_QUERY}=${token}`,
    port,
    token,
    openConnections: guard.openCount,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sseClients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

class BodyTooLarge extends Error {
  constructor() {
    super(`Request body over ${MAX_BODY_BYTES / 1024 / 1024} MiB: send a smaller request.`);
  }
}

/**
 * The body as text, or BodyTooLarge past MAX_BODY_BYTES. An oversized body is
 * discarded as it arrives (so the client can read the 413), up to a further
 * limit past which the socket is cut.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      discardRest(req);
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        req.off('data', onData);
        discardRest(req);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) req.destroy();
  });
}

function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

function originHost(origin: string): string {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' ? u.host : '';
  } catch {
    return '';
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function describeZod(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`)
    .join('; ');
}
