import { spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import type { ImportSummary } from '../../src/core/importer/import-types';
import type { StoreDatabase } from '../../src/core/store/open-store';
import { type WatchMode, watchFolders } from '../../src/core/watch/folder-watcher';
import type { LiveImportRequest } from '../../src/core/watch/live-importer';
import { type LiveFolders, watchAndImport } from '../../src/core/watch/watch-and-import';
import { LOCAL, S3_DOWNLOAD, tempDir, tempStore } from '../helpers/fixtures';

const PROJECT = 'chatbot-models';
const APP = 'fast-model-run-01-3e650d';
const OTHER_APP = 'slow-model-run-04-570abe';
const FIXTURE_LOG = path.join(LOCAL, PROJECT, APP, 'log.jsonl');

interface Live {
  root: string;
  db: StoreDatabase;
  live: LiveFolders;
  requests: LiveImportRequest[];
  summaries: ImportSummary[];
  warnings: string[];
}

const open: LiveFolders[] = [];
afterEach(async () => {
  // Before the temp folders are removed (the helpers' cleanup runs after this one).
  for (const live of open.splice(0)) await live.close();
});

/** `<tmp>/burr/chatbot-models/<16 apps>` imported, then watched as a `~/.burr` would be. */
async function startLive(mode: WatchMode, extra: { pollMs?: number } = {}): Promise<Live> {
  const root = path.join(tempDir('stream-lens-watch-'), 'burr');
  cpSync(path.join(LOCAL, PROJECT), path.join(root, PROJECT), { recursive: true });
  const { db } = tempStore();
  importPaths(db, [root]);
  const requests: LiveImportRequest[] = [];
  const summaries: ImportSummary[] = [];
  const warnings: string[] = [];
  const live = watchAndImport([root], {
    mode,
    debounceMs: 100,
    pollMs: extra.pollMs ?? 200,
    catchUp: false,
    run: (request) => {
      requests.push(request);
      return importPaths(db, request.paths, { sourceLocations: request.sourceLocations });
    },
    onImported: (_request, summary) => summaries.push(summary),
    onError: (error) => warnings.push(String(error)),
    onWarning: (message) => warnings.push(message),
  });
  open.push(live);
  await live.ready;
  return { root, db, live, requests, summaries, warnings };
}

/** Polls `check` until it returns true; resolves with the milliseconds it took. */
async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
  return performance.now() - started;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function streamOf(db: StoreDatabase, appId: string, sequenceId: number) {
  return db
    .prepare(
      `SELECT s.items, s.end_us AS endUs FROM streams s JOIN apps a ON a.id = s.app_ref
       WHERE a.app_id = ? AND s.sequence_id = ?`,
    )
    .get(appId, sequenceId) as { items: number | null; endUs: number | null } | undefined;
}

function count(db: StoreDatabase, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/**
 * One whole streaming step (begin_entry .. end_stream) copied from the fixture
 * with a new sequence id: what Burr appends while a streaming action runs.
 */
function streamLines(sequenceId: number): string[] {
  const lines = readFileSync(FIXTURE_LOG, 'utf8').split('\n').filter(Boolean);
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const start = parsed.findIndex((o) => o.type === 'begin_entry' && o.action === 'respond');
  const end = parsed.findIndex((o, i) => i > start && o.type === 'end_stream');
  return parsed.slice(start, end + 1).map((o) => {
    const copy = { ...o };
    if ('sequence_id' in copy) copy.sequence_id = sequenceId;
    if ('action_sequence_id' in copy) copy.action_sequence_id = sequenceId;
    return JSON.stringify(copy);
  });
}

const ITEMS = (JSON.parse(streamLines(0).at(-1) ?? '{}') as { items_streamed: number }).items_streamed;

describe.each(['per-directory', 'recursive', 'poll'] as const)('live folders (%s)', (mode) => {
  it('imports a stream appended to a running app within one second', async () => {
    const { root, db, requests } = await startLive(mode);
    const appDir = path.join(root, PROJECT, APP);
    expect(streamOf(db, APP, 100)).toBeUndefined();
    const t0 = performance.now();
    appendFileSync(path.join(appDir, 'log.jsonl'), `${streamLines(100).join('\n')}\n`);
    await waitFor(() => streamOf(db, APP, 100)?.items === ITEMS);
    expect(performance.now() - t0).toBeLessThan(1_000);
    // Only the app that changed is re-imported, attached to the opened folder.
    expect(requests.at(-1)).toEqual({ paths: [appDir], sourceLocations: [root] });
  });

  it('picks up a new app folder and a new project folder', async () => {
    const { root, db, requests, warnings } = await startLive(mode);
    // A new app as Burr writes it: folder, graph and metadata, then log lines one by one.
    const appDir = path.join(root, PROJECT, 'brand-new-app');
    const t0 = performance.now();
    mkdirSync(appDir);
    for (const name of ['graph.json', 'metadata.json']) {
      writeFileSync(path.join(appDir, name), readFileSync(path.join(LOCAL, PROJECT, APP, name)));
    }
    for (const line of streamLines(0)) appendFileSync(path.join(appDir, 'log.jsonl'), `${line}\n`);
    await waitFor(() => streamOf(db, 'brand-new-app', 0)?.items === ITEMS);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(requests.flatMap((r) => r.paths)).toContain(appDir);

    // A new project (copied in whole) is imported as one folder.
    const projectDir = path.join(root, 'new-project');
    const t1 = performance.now();
    cpSync(path.join(LOCAL, PROJECT, OTHER_APP), path.join(projectDir, 'copied-app'), { recursive: true });
    await waitFor(() => count(db, "SELECT COUNT(*) AS n FROM projects WHERE name = 'new-project'") === 1);
    await waitFor(() => streamOf(db, 'copied-app', 2) !== undefined);
    expect(performance.now() - t1).toBeLessThan(1_000);
    expect(requests.flatMap((r) => r.paths)).toContain(projectDir);
    // Files found live stay attached to the opened folder; no source is invented.
    expect(count(db, 'SELECT COUNT(*) AS n FROM sources')).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM files WHERE source_id IS NULL')).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('shows a half-written line only once it is finished', async () => {
    const { root, db, summaries } = await startLive(mode);
    const log = path.join(root, PROJECT, APP, 'log.jsonl');
    const lines = streamLines(101);
    const last = lines.at(-1) ?? '';
    appendFileSync(log, `${lines.slice(0, -1).join('\n')}\n${last.slice(0, 40)}`);
    // The stream has begun (begin_stream is complete) but end_stream is not there yet.
    await waitFor(() => streamOf(db, APP, 101) !== undefined);
    const importsBefore = summaries.length;
    expect(streamOf(db, APP, 101)).toEqual({ items: null, endUs: null });
    const t0 = performance.now();
    appendFileSync(log, `${last.slice(40)}\n`);
    await waitFor(() => streamOf(db, APP, 101)?.items === ITEMS);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(summaries.length).toBeGreaterThan(importsBefore);
    expect(count(db, 'SELECT COUNT(*) AS n FROM quarantine')).toBe(0);
  });

  it('survives deleted, truncated and replaced files and folders', async () => {
    const { root, db, summaries, warnings } = await startLive(mode);
    const project = path.join(root, PROJECT);
    const apps = ['fast-model-run-02-f8f424', 'fast-model-run-03-9b453d', 'fast-model-run-04-6521c5'];
    rmSync(path.join(project, apps[0] ?? '', 'log.jsonl'));
    rmSync(path.join(project, apps[1] ?? ''), { recursive: true });
    // Replaced by rename (an app re-run under the same id): re-read from the start.
    const replaced = path.join(project, apps[2] ?? '', 'log.jsonl');
    writeFileSync(`${replaced}.tmp`, readFileSync(path.join(project, OTHER_APP, 'log.jsonl')));
    renameSync(`${replaced}.tmp`, replaced);
    await waitFor(() => summaries.some((s) => s.rereads.some((r) => r.path === replaced)));

    // Still live afterwards.
    appendFileSync(path.join(project, APP, 'log.jsonl'), `${streamLines(102).join('\n')}\n`);
    await waitFor(() => streamOf(db, APP, 102)?.items === ITEMS);
    expect(summaries.flatMap((s) => s.errors)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('follows an opened folder that is deleted and comes back', async () => {
    const { root, db } = await startLive(mode);
    rmSync(root, { recursive: true });
    await sleep(300);
    cpSync(path.join(LOCAL, PROJECT, APP), path.join(root, 'revived', 'revived-app'), { recursive: true });
    await waitFor(() => streamOf(db, 'revived-app', 2) !== undefined);
    appendFileSync(
      path.join(root, 'revived', 'revived-app', 'log.jsonl'),
      `${streamLines(103).join('\n')}\n`,
    );
    await waitFor(() => streamOf(db, 'revived-app', 103)?.items === ITEMS);
  });
});

describe('live folders on an S3 download', () => {
  it('imports a new flush that a sync brings into a new time folder', async () => {
    const bucket = path.join(tempDir('stream-lens-watch-'), 'bucket');
    cpSync(S3_DOWNLOAD, bucket, { recursive: true });
    const { db } = tempStore();
    importPaths(db, [bucket]);
    const requests: LiveImportRequest[] = [];
    const live = watchAndImport([bucket], {
      debounceMs: 100,
      catchUp: false,
      run: (request) => {
        requests.push(request);
        return importPaths(db, request.paths, { sourceLocations: request.sourceLocations });
      },
    });
    open.push(live);
    await live.ready;
    // `aws s3 sync` writes a temporary file, then renames it; S3 objects end without a newline.
    const hour = path.join(bucket, 'data', 'chatbot-s3', '2026', '11', '24', '01');
    const appDir = path.join(hour, '00:00.000001', 'tenant-0', 's3-run-00');
    const t0 = performance.now();
    mkdirSync(appDir, { recursive: true });
    const object = path.join(appDir, '0b0e7c4e-0000-4000-8000-000000000001__log.jsonl');
    writeFileSync(`${object}.a1B2c3`, streamLines(200).join('\n'));
    renameSync(`${object}.a1B2c3`, object);
    await waitFor(() => streamOf(db, 's3-run-00', 200)?.items === ITEMS);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(requests.at(-1)?.paths).toEqual([hour]);
  });
});

describe('folder watcher', () => {
  it('coalesces a burst of writes into one report of the changed app folders', async () => {
    const root = path.join(tempDir('stream-lens-watch-'), 'burr');
    cpSync(path.join(LOCAL, PROJECT), path.join(root, PROJECT), { recursive: true });
    const calls: string[][] = [];
    const watcher = watchFolders([root], { debounceMs: 150, onChange: (paths) => calls.push(paths) });
    try {
      await watcher.ready;
      const apps = [APP, OTHER_APP, 'fast-model-run-02-f8f424'].map((a) => path.join(root, PROJECT, a));
      for (const app of apps) appendFileSync(path.join(app, 'log.jsonl'), '{"type":"note"}\n');
      await waitFor(() => calls.length > 0);
      await sleep(300);
      expect(calls).toEqual([[...apps].sort()]);
      // One folder per app plus the project and the root; no watch per file.
      expect(watcher.stats()).toMatchObject({ folders: 18, watchedFolders: 18, polledFolders: 0, files: 48 });
    } finally {
      watcher.close();
    }
  });

  it('never watches through a link that leaves the opened folders (`up -> /`), nor a linked file outside', async () => {
    const root = path.join(tempDir('stream-lens-watch-'), 'burr');
    cpSync(path.join(LOCAL, PROJECT), path.join(root, PROJECT), { recursive: true });
    symlinkSync('/', path.join(root, PROJECT, 'up'));
    mkdirSync(path.join(root, PROJECT, 'evil'));
    symlinkSync('/etc/passwd', path.join(root, PROJECT, 'evil', 'log.jsonl'));
    const watcher = watchFolders([root], { debounceMs: 50, onChange: () => {} });
    try {
      await watcher.ready;
      // The 16 apps, the project, the root and the `evil` folder: nothing under `/`, no passwd.
      expect(watcher.stats()).toMatchObject({ folders: 19, files: 48 });
    } finally {
      watcher.close();
    }
  });

  it('adds and removes roots, watching a folder inside another root only once', async () => {
    const root = path.join(tempDir('stream-lens-watch-'), 'burr');
    cpSync(path.join(LOCAL, PROJECT), path.join(root, PROJECT), { recursive: true });
    const project = path.join(root, PROJECT);
    const calls: string[][] = [];
    const watcher = watchFolders([root], { debounceMs: 50, onChange: (paths) => calls.push(paths) });
    try {
      await watcher.ready;
      watcher.add(project);
      expect(watcher.roots()).toEqual([root, project]);
      expect(watcher.stats()).toMatchObject({ folders: 18, watchedFolders: 18 });
      // The outer root closes: the project is still open, so it is watched on its own.
      watcher.remove(root);
      await waitFor(() => watcher.stats().folders === 17);
      appendFileSync(path.join(project, APP, 'log.jsonl'), '{"type":"note"}\n');
      mkdirSync(path.join(root, 'not-watched-any-more'));
      await waitFor(() => calls.length > 0);
      await sleep(150);
      expect(calls).toEqual([[path.join(project, APP)]]);
      watcher.remove(project);
      expect(watcher.stats()).toMatchObject({ roots: 0, folders: 0, watchedFolders: 0 });
    } finally {
      watcher.close();
    }
  });

  it('watches a single opened file', async () => {
    const app = path.join(tempDir('stream-lens-watch-'), APP);
    cpSync(path.join(LOCAL, PROJECT, APP), app, { recursive: true });
    const log = path.join(app, 'log.jsonl');
    const calls: string[][] = [];
    const watcher = watchFolders([log], { debounceMs: 50, onChange: (paths) => calls.push(paths) });
    try {
      await watcher.ready;
      writeFileSync(path.join(app, 'graph.json'), '{}'); // not the opened file: ignored
      appendFileSync(log, '{"type":"note"}\n');
      await waitFor(() => calls.length > 0);
      await sleep(150);
      expect(calls).toEqual([[log]]);
    } finally {
      watcher.close();
    }
  });

  it('reports nothing after close(), and leaves nothing that keeps the process alive', async () => {
    const root = path.join(tempDir('stream-lens-watch-'), 'burr');
    cpSync(path.join(LOCAL, PROJECT), path.join(root, PROJECT), { recursive: true });
    const resources = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;
    await sleep(50); // earlier tests' watches finish closing (uv_close completes on a later loop turn)
    const before = resources();
    const calls: string[][] = [];
    const watcher = watchFolders([root], {
      debounceMs: 50,
      sweepMs: 100,
      onChange: (paths) => calls.push(paths),
    });
    await watcher.ready;
    expect(resources() - before).toBe(18);
    appendFileSync(path.join(root, PROJECT, APP, 'log.jsonl'), '{"type":"note"}\n');
    watcher.close(); // with an event pending
    await sleep(50); // closed handles are released on a later loop turn
    expect(resources()).toBe(before);
    appendFileSync(path.join(root, PROJECT, APP, 'log.jsonl'), '{"type":"note"}\n');
    mkdirSync(path.join(root, 'late-project'));
    await sleep(400);
    expect(calls).toEqual([]);
  });

  it.each(['per-directory', 'recursive', 'poll'] as const)(
    'lets the process exit once closed (%s)',
    async (mode) => {
      const root = path.join(tempDir('stream-lens-watch-'), 'burr');
      cpSync(path.join(LOCAL, PROJECT), path.join(root, PROJECT), { recursive: true });
      const app = path.join(root, PROJECT, APP);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.resolve(__dirname, '../helpers/watch-exit-child.ts'), root, app, mode],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill();
          resolve(-1);
        }, 15_000);
        child.on('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      expect(out).toContain(`changed ${JSON.stringify([app])}`);
      expect(code).toBe(0);
    },
  );
});
