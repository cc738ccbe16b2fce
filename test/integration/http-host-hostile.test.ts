import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpHost, startHttpHost } from '../../src/cli/http-host';
import { createService, type Service } from '../../src/core/service';
import { tempDir } from '../helpers/fixtures';
import { httpRequest } from '../helpers/http-call';

// A hostile local user against the real `serve` host (issue 11 items 2, 5, 10).

const opened: { service: Service; host: HttpHost }[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const { service, host } of opened.splice(0)) {
    await host.close();
    service.close();
  }
});

async function startHost(limits?: { idleMs?: number; maxConnections?: number }): Promise<HttpHost> {
  const service = createService({ databasePath: path.join(tempDir(), 'host.db'), host: 'serve' });
  const host = await startHttpHost(service, { rendererDir: tempDir(), limits });
  opened.push({ service, host });
  return host;
}

function call(
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
) {
  return httpRequest(port, method, urlPath, { headers, body });
}

async function login(host: HttpHost): Promise<string> {
  const reply = await call(host.port, 'GET', `/?token=${host.token}`);
  expect(reply.status).toBe(302);
  return String(reply.headers['set-cookie']).split(';')[0] as string;
}

describe('serve against a hostile local user', () => {
  it('names its cookie per instance: two instances coexist and neither accepts the other one', async () => {
    const a = await startHost();
    const b = await startHost();
    const cookieA = await login(a);
    const cookieB = await login(b);
    expect(cookieA.split('=')[0]).not.toBe(cookieB.split('=')[0]);
    // A browser sends every 127.0.0.1 cookie to every port: both travel together.
    const jar = `${cookieA}; ${cookieB}`;
    expect((await call(a.port, 'POST', '/api/app:info', { Cookie: jar }, '{}')).status).toBe(200);
    expect((await call(b.port, 'POST', '/api/app:info', { Cookie: jar }, '{}')).status).toBe(200);
    // A's credential replayed at B (under B's own cookie name) is refused.
    const replayed = `${cookieB.split('=')[0]}=${cookieA.split('=').slice(1).join('=')}`;
    expect((await call(b.port, 'POST', '/api/app:info', { Cookie: replayed }, '{}')).status).toBe(401);
    expect(
      (await call(a.port, 'POST', '/api/app:info', { Cookie: 'stream_lens_token=x' }, '{}')).status,
    ).toBe(401);
  });

  it('answers a body over 1 MiB with 413 and a JSON error, and keeps serving', async () => {
    const host = await startHost();
    const cookie = await login(host);
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    const declared = await call(host.port, 'POST', '/api/sources:list', { Cookie: cookie }, big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.message).toMatch(/over 1 MiB/);
    // Chunked, so the size is only known while reading.
    const chunked = await httpRequest(host.port, 'POST', '/api/sources:list', {
      headers: { Cookie: cookie, 'Transfer-Encoding': 'chunked' },
      chunks: Array.from({ length: 8 }, () => Buffer.alloc(256 * 1024, 0x20)),
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toHaveProperty('error.message');
    expect((await call(host.port, 'POST', '/api/app:info', { Cookie: cookie }, '{}')).status).toBe(200);
  });

  it('keeps answering real requests while thousands of idle sockets are open, and closes idle ones', async () => {
    const host = await startHost({ idleMs: 1_500, maxConnections: 200 });
    const cookie = await login(host);
    const connected: Promise<void>[] = [];
    for (let i = 0; i < 2_000; i++) {
      const socket = connect(host.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.resume(); // read, so the host's close is seen
      sockets.push(socket);
      connected.push(new Promise((resolve) => socket.once('connect', () => resolve())));
    }
    await Promise.all(connected);
    const reply = await call(host.port, 'POST', '/api/app:info', { Cookie: cookie }, '{}');
    expect(reply.status).toBe(200);
    // The cap closed the oldest idle sockets: the host holds no more than it allows.
    expect(host.openConnections()).toBeLessThanOrEqual(200);
    for (const s of sockets.splice(0)) s.destroy();
    // A lone idle socket is closed by the host after idleMs.
    const idle = connect(host.port, '127.0.0.1');
    idle.resume();
    sockets.push(idle);
    const closedAfter = await new Promise<number>((resolve) => {
      const t0 = Date.now();
      idle.on('close', () => resolve(Date.now() - t0));
      idle.on('error', () => {});
    });
    expect(closedAfter).toBeGreaterThan(1_000);
    expect(closedAfter).toBeLessThan(20_000); // closed by the host, not left open
  }, 30_000);
});
