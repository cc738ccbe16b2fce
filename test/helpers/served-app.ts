import type { ChildProcess } from 'node:child_process';
import { httpRequest } from './http-call';

/** A process's stdout and stderr as they come, for tests that wait on what a command prints. */
export function collectOutput(child: ChildProcess): () => string {
  let out = '';
  const add = (c: Buffer) => {
    out += c.toString();
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => out;
}

/** The token URL `stream-lens serve` prints; rejects with the output when the process exits first. */
export function servedUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /^Open: (http:\/\/127\.0\.0\.1:\d+\/\S+)$/m.exec(output());
      if (m) {
        clearInterval(timer);
        resolve(m[1] as string);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`exited ${child.exitCode}:\n${output()}`));
      }
    }, 100);
  });
}

function httpCall(url: string, method: string, cookie = '', body?: string) {
  const u = new URL(url);
  return httpRequest(Number(u.port), method, u.pathname + u.search, { headers: { Cookie: cookie }, body });
}

/**
 * Signs in at the printed URL like a browser, checks the page is the app, and waits until the
 * library lists projects (the import runs in the background): what a user sees on first start.
 */
export async function projectsServedAt(url: string): Promise<{ page: string; projects: { name: string }[] }> {
  const login = await httpCall(url, 'GET');
  if (login.status !== 302) throw new Error(`sign-in answered ${login.status}`);
  const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
  const base = new URL(url).origin;
  const page = (await httpCall(`${base}/`, 'GET', cookie)).body;
  let projects: { name: string }[] = [];
  for (let i = 0; i < 150 && projects.length === 0; i++) {
    const reply = await httpCall(`${base}/api/library:projects`, 'POST', cookie, '{}');
    projects = JSON.parse(reply.body).result;
    if (projects.length === 0) await new Promise((r) => setTimeout(r, 200));
  }
  return { page, projects };
}
