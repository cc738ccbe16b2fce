import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpHost, startHttpHost } from '../../src/cli/http-host';
import { createService, type Service } from '../../src/core/service';
import { LOCAL, tempDir } from '../helpers/fixtures';
import { httpRequest } from '../helpers/http-call';

let service: Service | null = null;
let host: HttpHost | null = null;
afterEach(async () => {
  await host?.close();
  service?.close();
  host = null;
  service = null;
});

const call = httpRequest;

async function start(): Promise<{ port: number; cookie: string }> {
  const rendererDir = tempDir();
  service = createService({ databasePath: path.join(tempDir(), 'host.db'), host: 'serve' });
  host = await startHttpHost(service, { rendererDir });
  const login = await call(host.port, 'GET', `/?token=${host.token}`);
  expect(login.status).toBe(302);
  const setCookie = String(login.headers['set-cookie']);
  expect(setCookie).toMatch(/HttpOnly; SameSite=Strict/);
  return { port: host.port, cookie: setCookie.split(';')[0] as string };
}

describe('the serve host', () => {
  it('requires the token, then answers contract methods over POST', async () => {
    const { port, cookie } = await start();
    expect((await call(port, 'POST', '/api/app:info', { body: '{}' })).status).toBe(401);
    expect((await call(port, 'GET', '/?token=wrong')).status).toBe(401);
    const ok = await call(port, 'POST', '/api/app:info', { headers: { Cookie: cookie }, body: '{}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ result: { host: 'serve' } });
    expect(ok.headers['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'/);
  });

  it('rejects a foreign Host header, a foreign Origin, unknown methods and malformed requests', async () => {
    const { port, cookie } = await start();
    const rebinding = await call(port, 'POST', '/api/app:info', {
      headers: { Cookie: cookie, Host: 'evil.example' },
      body: '{}',
    });
    expect(rebinding.status).toBe(403);
    const csrf = await call(port, 'POST', '/api/sources:list', {
      headers: { Cookie: cookie, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(csrf.status).toBe(403);
    const unknown = await call(port, 'POST', '/api/shell:exec', { headers: { Cookie: cookie }, body: '{}' });
    expect(unknown.status).toBe(404);
    const bad = await call(port, 'POST', '/api/runs:get', {
      headers: { Cookie: cookie },
      body: '{"appRef":"1; DROP TABLE apps"}',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/^Invalid request for runs:get: appRef/);
    const notJson = await call(port, 'POST', '/api/sources:list', { headers: { Cookie: cookie }, body: '{' });
    expect(notJson.status).toBe(400);
    const missing = await call(port, 'POST', '/api/sources:add', {
      headers: { Cookie: cookie },
      body: '{"path":"/nope"}',
    });
    expect(missing.status).toBe(422);
    expect(JSON.parse(missing.body).error.message).toMatch(/Cannot open \/nope: not found/);
  });

  it('pushes import progress and data changes as server-sent events', async () => {
    const { port, cookie } = await start();
    const events: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/events',
          headers: { Host: `127.0.0.1:${port}`, Cookie: cookie },
        },
        (res) => {
          res.on('data', (chunk: Buffer) => {
            for (const m of chunk.toString().matchAll(/^event: ([\w:]+)$/gm)) events.push(m[1] as string);
            if (events.includes('data:changed') && events.includes('import:done')) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', (e) => (events.includes('import:done') ? resolve() : reject(e)));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 100));
    const added = await call(port, 'POST', '/api/sources:add', {
      headers: { Cookie: cookie },
      body: JSON.stringify({ path: LOCAL }),
    });
    expect(added.status).toBe(200);
    await done;
    expect(events).toContain('import:progress');
  });

  it('serves the renderer files and never a file outside them', async () => {
    const { port, cookie } = await start();
    const missing = await call(port, 'GET', '/', { headers: { Cookie: cookie } });
    expect(missing.body).toMatch(/npm run build:web/);
    const traversal = await call(port, 'GET', '/..%2f..%2f..%2fetc%2fpasswd', {
      headers: { Cookie: cookie },
    });
    expect(traversal.body).not.toMatch(/root:/);
  });
});
