import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures';

// `npm start` where Electron cannot run (this machine has no Electron binary): the same app
// starts in the browser, on the bundled samples, and answers (issue 12 item 1).

const ROOT = path.resolve(__dirname, '../..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
});

function electronInstalled(): boolean {
  const pathFile = path.join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(
    path.join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()),
  );
}

function httpCall(url: string, method: string, cookie = '', body?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const u = new URL(url);
      const req = request(
        { host: u.hostname, port: u.port, method, path: u.pathname + u.search, headers: { Cookie: cookie } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

describe('npm start without Electron', () => {
  it('says why in one line, then serves the app on the samples and prints the address', async () => {
    const home = tempDir();
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start-desktop.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOME: home,
        STREAM_LENS_DB: path.join(home, 'start.db'),
        DISPLAY: '',
        WAYLAND_DISPLAY: '',
        // Where an Electron binary exists, ask for the browser path explicitly.
        ...(electronInstalled() ? { STREAM_LENS_BROWSER: '1' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /^Open: (http:\/\/127\.0\.0\.1:\d+\/\S+)$/m.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(m[1] as string);
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`start exited ${child.exitCode}:\n${out}`));
        }
      }, 100);
    });
    expect(out).toMatch(/^Stream Lens: .+; opening the same app in your browser instead\.$/m);
    expect(out).toMatch(/No display here: open the address above in a browser\./);
    const login = await httpCall(url, 'GET');
    expect(login.status).toBe(302);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const base = new URL(url).origin;
    expect((await httpCall(`${base}/`, 'GET', cookie)).body).toMatch(/<div id="root">/);
    let projects: { name: string }[] = [];
    for (let i = 0; i < 100 && projects.length === 0; i++) {
      const reply = await httpCall(`${base}/api/library:projects`, 'POST', cookie, '{}');
      projects = JSON.parse(reply.body).result;
      if (projects.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(projects.length).toBeGreaterThan(0);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }, 90_000);
});
