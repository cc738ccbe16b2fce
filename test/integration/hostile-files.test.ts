import { spawnSync } from 'node:child_process';
import { cpSync, linkSync, mkdirSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpHost, startHttpHost } from '../../src/cli/http-host';
import { createService, type Service } from '../../src/core/service';
import { openStore } from '../../src/core/store/open-store';
import { FIXTURE_COUNTS, LOCAL, tempDir } from '../helpers/fixtures';
import { httpRequest } from '../helpers/http-call';
import { allRunTraces } from '../helpers/run-traces';

// A hostile local user's files against the real `serve` host (issue 11 items 1, 4, 6, 8):
// links out of the opened folder, a log swapped for a FIFO, one file reached by two paths.

const LEGACY = path.join(LOCAL, 'chatbot-legacy');
let opened: { service: Service; host: HttpHost; cookie: string; db: string } | null = null;
afterEach(async () => {
  await opened?.host.close();
  opened?.service.close();
  opened = null;
});

async function serve() {
  const db = path.join(tempDir(), 'hostile.db');
  const service = createService({ databasePath: db, host: 'serve' });
  const host = await startHttpHost(service, { rendererDir: tempDir() });
  const login = await post(host.port, '', `/?token=${host.token}`, undefined, 'GET');
  const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
  opened = { service, host, cookie, db };
  return opened;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { result?: unknown; error?: { message: string } };
}

async function post(
  port: number,
  cookie: string,
  urlPath: string,
  body?: unknown,
  method = 'POST',
): Promise<Reply> {
  const reply = await httpRequest(port, method, urlPath, {
    headers: { Cookie: cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = {};
  try {
    json = JSON.parse(reply.body);
  } catch {}
  return { status: reply.status, headers: reply.headers, json };
}

async function api(method: string, body: unknown = {}): Promise<Reply> {
  if (!opened) throw new Error('serve first');
  return post(opened.host.port, opened.cookie, `/api/${method}`, body);
}

async function addAndWait(folder: string): Promise<void> {
  expect((await api('sources:add', { path: folder })).status).toBe(200);
  await opened?.service.whenIdle();
}

/** A step's begin line of the app's log, as the import recorded it. */
function recordedLine(db: string, logPath: string) {
  const store = openStore(db);
  try {
    return store
      .prepare(
        `SELECT s.begin_file AS fileRef, s.begin_offset AS offset, s.begin_len AS length FROM steps s
         JOIN files f ON f.id = s.begin_file WHERE f.path = ? ORDER BY s.begin_offset DESC LIMIT 1`,
      )
      .get(logPath) as { fileRef: number; offset: number; length: number };
  } finally {
    store.close();
  }
}

describe('serve against hostile files', () => {
  it('never follows a link out of the opened folder, and says so in Problems', async () => {
    const root = tempDir();
    cpSync(path.join(LEGACY, 'legacy-00'), path.join(root, 'p', 'real'), { recursive: true });
    mkdirSync(path.join(root, 'p', 'evil'));
    symlinkSync('/etc/passwd', path.join(root, 'p', 'evil', 'log.jsonl'));
    symlinkSync('/', path.join(root, 'p', 'up'));
    await serve();
    await addAndWait(root);
    const problems = (await api('problems:list', {})).json.result as {
      quarantine: { excerpt: string | null }[];
      notices: { path: string; message: string }[];
    };
    expect(JSON.stringify(problems.quarantine)).not.toMatch(/root:/);
    const notices = problems.notices.map((n) => [path.relative(root, n.path), n.message]).sort();
    expect(notices).toEqual([
      ['p/evil/log.jsonl', 'a link to /etc/passwd, outside the folders opened: not followed'],
      ['p/up', 'a link to /, outside the folders opened: not followed'],
    ]);
    const projects = (await api('library:projects', {})).json.result as { name: string; apps: number }[];
    expect(projects).toMatchObject([{ name: 'p', apps: 1 }]);
  });

  it('reads back only recorded lines, from the file that was imported, and never blocks on a FIFO', async () => {
    const root = tempDir();
    const app = path.join(root, 'p', 'a');
    cpSync(path.join(LEGACY, 'legacy-00'), app, { recursive: true });
    const { db } = await serve();
    await addAndWait(root);
    const log = path.join(app, 'log.jsonl');
    const line = recordedLine(db, log);
    const good = await api('events:read', line);
    expect(good.status).toBe(200);
    expect((good.json.result as { text: string }).text).toMatch(/^\{"type": ?"begin_entry"/);

    // Not a line start, or past what was imported: refused.
    const inside = await api('events:read', { ...line, offset: line.offset + 5 });
    expect(inside.status).toBe(422);
    expect(inside.json.error?.message).toMatch(/not a line the import recorded/);
    const beyond = await api('events:read', { ...line, length: 10_000_000 });
    expect(beyond.status).toBe(422);

    // The path re-pointed at another file after the import: nothing is read from it.
    renameSync(log, path.join(app, 'moved.jsonl'));
    symlinkSync('/etc/passwd', log);
    const repointed = await api('events:read', line);
    expect(repointed.status).toBe(422);
    expect(repointed.json.error?.message).toMatch(/changed since it was imported/);
    expect(JSON.stringify(repointed.json)).not.toMatch(/root:/);

    // Swapped for a FIFO: answered at once, and the host keeps serving.
    spawnSync('rm', [log]);
    expect(spawnSync('mkfifo', [log]).status).toBe(0);
    const fifo = await api('events:read', line);
    expect(fifo.status).toBe(422);
    expect(fifo.json.error?.message).toMatch(/named pipe \(FIFO\), not a regular file/);
    expect((await api('app:info', {})).status).toBe(200);

    // A reimport meets the FIFO too: it is skipped with a notice, the import finishes.
    expect((await api('import:start', {})).status).toBe(200);
    await opened?.service.whenIdle();
    const problems = (await api('problems:list', {})).json.result as { notices: { message: string }[] };
    expect(problems.notices.map((n) => n.message)).toContain(
      'a named pipe (FIFO), not a regular file: skipped',
    );
  });

  it('imports one physical file once, whatever paths reach it', async () => {
    const root = tempDir();
    cpSync(path.join(LEGACY, 'legacy-00'), path.join(root, 'p', 'a'), { recursive: true });
    // The same app again by hard links, and a link into it from inside the folder.
    mkdirSync(path.join(root, 'p', 'b'));
    for (const name of ['log.jsonl', 'metadata.json', 'graph.json'])
      linkSync(path.join(root, 'p', 'a', name), path.join(root, 'p', 'b', name));
    symlinkSync(path.join(root, 'p', 'a'), path.join(root, 'p', 'c'));
    const { db } = await serve();
    await addAndWait(root);
    await addAndWait(path.join(root, 'p', 'c')); // the link itself opened as a folder
    const store = openStore(db);
    const attributes = allRunTraces(store).attributes.length;
    const logs = (store.prepare("SELECT COUNT(*) AS n FROM files WHERE kind = 'log'").get() as { n: number })
      .n;
    store.close();
    expect(attributes).toBe(FIXTURE_COUNTS['chatbot-legacy'].attributes / 4);
    expect(logs).toBe(1);
  });

  it('says a folder name that is not UTF-8 cannot be opened by name, not that it is missing', async () => {
    const root = tempDir();
    cpSync(path.join(LEGACY, 'legacy-00'), path.join(root, 'p', 'a'), { recursive: true });
    // A folder named with the byte 0xff, made through a Buffer path (Node decodes it to U+FFFD).
    mkdirSync(Buffer.from(`${root}/p/bad-\xff`, 'latin1'));
    await serve();
    await addAndWait(root);
    const problems = (await api('problems:list', {})).json.result as { notices: { message: string }[] };
    expect(problems.notices.map((n) => n.message)).toEqual([
      expect.stringMatching(/name is not valid UTF-8/),
    ]);
    const opened2 = await api('sources:add', { path: `${root}/p/bad-\uFFFD` });
    expect(opened2.status).toBe(422);
    expect(opened2.json.error?.message).toMatch(/not valid UTF-8.*rename/);
  });
});
