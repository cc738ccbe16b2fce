import type { FSWatcher, PathLike, WatchListener, WatchOptions } from 'node:fs';
import { appendFileSync, cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { importPaths } from '../../src/core/importer/import-paths';
import { watchAndImport } from '../../src/core/watch/watch-and-import';
import { LOCAL, tempDir, tempStore } from '../helpers/fixtures';

// Stands in for a full inotify table: fs.watch fails with ENOSPC past `max`
// live watches, as Linux does past fs.inotify.max_user_watches.
const limit = vi.hoisted(() => ({ max: Number.POSITIVE_INFINITY, live: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const watch = (filename: PathLike, options: WatchOptions, listener: WatchListener<string>): FSWatcher => {
    if (limit.live >= limit.max) {
      throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {
        code: 'ENOSPC',
      });
    }
    const watcher = fs.watch(filename, options, listener);
    limit.live++;
    const close = watcher.close.bind(watcher);
    let closed = false;
    watcher.close = () => {
      if (!closed) limit.live--;
      closed = true;
      close();
    };
    return watcher;
  };
  return { ...fs, default: { ...fs, watch }, watch };
});

const PROJECT = 'chatbot-models';

describe('when the watch limit is reached', () => {
  it('polls the folders it cannot watch, warns once, and watches them again once watches are free', async () => {
    const root = path.join(tempDir('stream-lens-watch-'), 'burr');
    cpSync(path.join(LOCAL, PROJECT), path.join(root, PROJECT), { recursive: true });
    const { db } = tempStore();
    importPaths(db, [root]);
    limit.max = limit.live + 5;
    const warnings: string[] = [];
    const live = watchAndImport([root], {
      mode: 'per-directory',
      debounceMs: 100,
      pollMs: 200,
      sweepMs: 500,
      catchUp: false,
      run: (request) => importPaths(db, request.paths, { sourceLocations: request.sourceLocations }),
      onWarning: (message) => warnings.push(message),
    });
    try {
      await live.ready;
      expect(live.stats()).toMatchObject({
        folders: 18,
        watchedFolders: 5,
        polledFolders: 13,
        watchLimitReached: true,
      });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/max_user_watches.*polling.*sysctl/s);

      // Every app still gets its new lines, watched or polled.
      const apps = appsOf(root);
      const t0 = performance.now();
      for (const app of apps) appendFileSync(path.join(app, 'log.jsonl'), `${markerLine(999)}\n`);
      await waitFor(() => rawEventCount(db) >= apps.length);
      expect(performance.now() - t0).toBeLessThan(1_500);

      // The limit is raised: the next sweep watches the polled folders again.
      limit.max = Number.POSITIVE_INFINITY;
      await waitFor(() => live.stats().polledFolders === 0, 3_000);
      expect(live.stats()).toMatchObject({ watchedFolders: 18, watchLimitReached: false });
      expect(warnings).toHaveLength(1);
    } finally {
      await live.close();
      limit.max = Number.POSITIVE_INFINITY;
    }
    expect(limit.live).toBe(0);
  });
});

function appsOf(root: string): string[] {
  return readdirSync(path.join(root, PROJECT)).map((app) => path.join(root, PROJECT, app));
}

/** A line of a type the importer does not know: kept as a raw event, easy to count. */
function markerLine(sequenceId: number): string {
  return JSON.stringify({ type: 'watch_test_marker', sequence_id: sequenceId });
}

function rawEventCount(db: ReturnType<typeof tempStore>['db']): number {
  return (
    db.prepare("SELECT COUNT(*) AS n FROM raw_events WHERE type = 'watch_test_marker'").get() as { n: number }
  ).n;
}

async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
