import { type FSWatcher, statSync, watch } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/helpers/fixtures';
import { FolderPasses } from './folder-passes';
import { type DirNode, newNode, type RootEntry } from './folder-tree';
import { HOT_MS, PassScheduler } from './pass-scheduler';
import { type Backend, WatchBackends } from './watch-backends';
import { WatchTimers } from './watch-timers';

/**
 * The poll and sweep timing, on vitest's fake clock: the passes' timers,
 * Date.now() (hot or cold) and performance.now() (slices) follow the fake
 * clock; the slices themselves are setImmediate steps, left real and run
 * between clock moves by `advance`. (Frozen performance.now() means a pass
 * runs in one slice.)
 */

const T0 = Date.UTC(2026, 11, 4, 3, 0, 0);
const POLL_MS = 1_000;
const SWEEP_MS = 60_000;

let dir = '';
const realWatches: FSWatcher[] = [];

beforeEach(() => {
  dir = tempDir('stream-lens-passes-');
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
});

/**
 * Moves the fake clock by `ms`, `times` times, letting the pass steps that
 * became due run after each move (a pass sets its next timer only once done).
 */
async function advance(ms: number, times = 1): Promise<void> {
  for (let t = 0; t < times; t++) {
    vi.advanceTimersByTime(ms);
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  }
}

afterEach(() => {
  vi.useRealTimers();
  for (const w of realWatches.splice(0)) w.close();
});

interface Rig {
  passes: FolderPasses;
  scheduler: PassScheduler<DirNode>;
  timers: WatchTimers;
  folders: DirNode[];
  /** Keys of the folders checked, in order. */
  checked: string[];
  missingRoots: { count: number; retries: number };
}

/**
 * An opened root with `apps` app folders below it that finished long ago (cold).
 * 'poll': nothing is watched, every folder is polled. 'recursive': the root's
 * recursive watch covers every folder, so they are swept, not polled.
 */
function rig(backend: Backend, apps: number, timing = { pollMs: POLL_MS, sweepMs: SWEEP_MS }): Rig {
  const st = statSync(dir);
  const root: RootEntry = { path: dir, kind: 'dir', recursive: null };
  if (backend === 'recursive') {
    // A real (non-persistent) watch: only its presence matters here.
    root.recursive = watch(dir, { persistent: false });
    realWatches.push(root.recursive);
  }
  const top = newNode(dir, dir, 0, root, null, null, st);
  const folders = [top];
  for (let i = 0; i < apps; i++) {
    const appDir = path.join(dir, `app-${i}`);
    const node = newNode(appDir, appDir, 1, root, top, null, st);
    node.lastChangeMs = T0 - 2 * HOT_MS;
    folders.push(node);
  }
  const timers = new WatchTimers(false);
  const scheduler = new PassScheduler<DirNode>(timing);
  const backends = new WatchBackends(backend, false, {
    dirEvent: () => undefined,
    recursiveEvent: () => undefined,
    dirWatchFailed: () => undefined,
    recursiveWatchFailed: () => undefined,
    needPolling: () => undefined,
    warn: () => undefined,
  });
  const checked: string[] = [];
  const missingRoots = { count: 0, retries: 0 };
  const passes = new FolderPasses(scheduler, timers, backends, {
    folders: () => folders,
    isLive: (node) => folders.includes(node),
    retryMissingRoots: () => {
      missingRoots.retries++;
      return missingRoots.count;
    },
    check: (node) => checked.push(path.basename(node.key)),
  });
  return { passes, scheduler, timers, folders, checked, missingRoots };
}

describe('FolderPasses on a fake clock', () => {
  it('polls every pollMs: the root every time, cold folders in budgeted slices, a full round in pollCycleMs', async () => {
    const r = rig('poll', 1_200);
    r.passes.ensurePolling();
    await advance(POLL_MS - 1);
    expect(r.checked).toEqual([]);
    await advance(1);
    // 5% of a core at 0.1 ms a folder: 500 folders a poll, the root first.
    expect(r.checked).toHaveLength(500);
    expect(r.checked[0]).toBe(path.basename(dir));
    expect(r.scheduler.pollCycleMs).toBe(3 * POLL_MS); // 1,200 cold folders at 499 a poll
    // That pass measured its cost per folder (0 ms: the fake clock stands still during it), so the
    // next slice is bigger: 5% of 1,000 ms / (0.7 * 0.1 ms) = 714 folders, and a round takes 2 polls.
    await advance(POLL_MS);
    expect(r.checked).toHaveLength(500 + 714);
    expect(r.checked[500]).toBe(path.basename(dir));
    expect(r.scheduler.pollCycleMs).toBe(2 * POLL_MS);
    expect(new Set(r.checked).size).toBe(1_201); // every folder within the round
  });

  it('stops polling, with no timer left, once nothing is polled', async () => {
    const r = rig('poll', 3);
    r.passes.ensurePolling();
    await advance(POLL_MS);
    expect(r.checked).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(1); // the next poll
    r.folders.splice(0); // every folder gone (or watched again)
    await advance(POLL_MS);
    expect(r.scheduler.pollCycleMs).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await advance(POLL_MS, 10);
    expect(r.checked).toHaveLength(4);
  });

  it('keeps polling while an opened root is missing, and stops once it is back', async () => {
    const r = rig('recursive', 0);
    r.missingRoots.count = 1;
    r.passes.ensurePolling();
    await advance(POLL_MS, 3);
    expect(r.missingRoots.retries).toBe(3);
    r.missingRoots.count = 0;
    await advance(POLL_MS);
    expect(r.missingRoots.retries).toBe(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('asks for one poll at a time however often polling is asked for', async () => {
    const r = rig('poll', 3);
    for (let i = 0; i < 5; i++) r.passes.ensurePolling();
    expect(vi.getTimerCount()).toBe(1);
    await advance(POLL_MS);
    expect(r.checked).toHaveLength(4);
  });

  it('sweeps watched folders every sweepMs: the hot ones each time, a tenth of the cold ones', async () => {
    const r = rig('recursive', 100);
    r.passes.scheduleSweep();
    await advance(SWEEP_MS - 1);
    expect(r.checked).toEqual([]);
    await advance(1);
    expect(r.checked).toHaveLength(1 + 10);
    await advance(SWEEP_MS);
    expect(r.checked).toHaveLength(2 * (1 + 10));
    await advance(SWEEP_MS, 8);
    expect(new Set(r.checked).size).toBe(101); // every cold folder within ten sweeps
    // Watched folders are never polled.
    expect(r.scheduler.pollCycleMs).toBe(0);
  });

  it('schedules no sweep when sweeps are off, and nothing after close', async () => {
    const off = rig('recursive', 3, { pollMs: POLL_MS, sweepMs: 0 });
    off.passes.scheduleSweep();
    expect(vi.getTimerCount()).toBe(0);
    const closed = rig('poll', 3);
    closed.passes.scheduleSweep();
    closed.passes.ensurePolling();
    expect(vi.getTimerCount()).toBe(2);
    closed.timers.close();
    expect(vi.getTimerCount()).toBe(0);
    closed.passes.ensurePolling();
    closed.passes.sweep();
    await advance(SWEEP_MS, 2);
    expect(closed.checked).toEqual([]);
  });
});
