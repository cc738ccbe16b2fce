/**
 * What live folders cost: builds a `~/.burr`-like tree of many app folders
 * (small log files), watches it, and reports
 *   - start: time until every folder is watched, CPU, RSS, inotify watches;
 *   - idle: CPU over `--idle-s` seconds with nothing written;
 *   - active: CPU while one app appends a line every 100 ms, and the detection
 *     latency (append → onChange naming that app);
 *   - the polling fallback (`--mode poll`, or past the inotify limit): its
 *     effective interval.
 *
 * CLI: node --expose-gc --import tsx bench/watch-idle.ts [--apps 10000] [--mode auto|per-directory|recursive|poll]
 *      [--idle-s 10] [--active-s 10] [--sweep-ms 60000] [--dir DIR] [--keep]
 * (the default idle window has no safety sweep in it: pass --sweep-ms 5000 to see what sweeps cost.)
 * (`npx tsx bench/watch-idle.ts` works too, without the forced GC before the RSS figures.)
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type WatchMode, watchFolders } from '../src/core/watch/folder-watcher';

const { values } = parseArgs({
  options: {
    apps: { type: 'string', default: '10000' },
    projects: { type: 'string', default: '20' },
    mode: { type: 'string', default: 'auto' },
    'sweep-ms': { type: 'string', default: '60000' },
    'idle-s': { type: 'string', default: '10' },
    'active-s': { type: 'string', default: '10' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const APPS = Number(values.apps);
const PROJECTS = Number(values.projects);
const MODE = values.mode as WatchMode;
const IDLE_MS = Number(values['idle-s']) * 1000;
const ACTIVE_MS = Number(values['active-s']) * 1000;
const APPEND_EVERY_MS = 100;

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (rank - lo);
}

/** Small but real-looking app folders, as Burr's LocalTrackingClient leaves them. */
function buildTree(root: string): string[] {
  const marker = path.join(root, `.bench-tree-${APPS}-${PROJECTS}`);
  const apps: string[] = [];
  for (let i = 0; i < APPS; i++)
    apps.push(path.join(root, `project-${i % PROJECTS}`, `app-${String(i).padStart(6, '0')}`));
  if (existsSync(marker)) return apps;
  rmSync(root, { recursive: true, force: true });
  const graph = JSON.stringify({ type: 'application', entrypoint: 'prompt', actions: [], transitions: [] });
  const metadata = JSON.stringify({
    type: 'application_metadata',
    partition_key: null,
    parent_pointer: null,
    spawning_parent_pointer: null,
  });
  const log = `${[
    {
      type: 'begin_entry',
      start_time: '2026-01-01T00:00:00.000000',
      action: 'prompt',
      inputs: {},
      sequence_id: 0,
    },
    {
      type: 'end_entry',
      end_time: '2026-01-01T00:00:00.001000',
      action: 'prompt',
      result: {},
      exception: null,
      state: {},
      sequence_id: 0,
    },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n')}\n`;
  for (const app of apps) {
    mkdirSync(app, { recursive: true });
    writeFileSync(path.join(app, 'graph.json'), graph);
    writeFileSync(path.join(app, 'metadata.json'), metadata);
    writeFileSync(path.join(app, 'log.jsonl'), log);
  }
  writeFileSync(marker, '');
  return apps;
}

/** Watches this process holds in its inotify instances (Linux). */
function inotifyWatches(): number | null {
  if (process.platform !== 'linux') return null;
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (!readlinkSync(`/proc/self/fd/${fd}`).includes('inotify')) continue;
      n += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      // The fd closed meanwhile.
    }
  }
  return n;
}

interface IdleFigures {
  wallMs: number;
  cpuMs: number;
  loopBusyMs: number;
}

/** Process CPU (all threads) and main-thread event-loop busy time (where the watcher runs) over a wait. */
async function measureIdle(ms: number): Promise<IdleFigures> {
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const at = performance.now();
  await sleep(ms);
  return {
    wallMs: performance.now() - at,
    cpuMs: cpuMs(process.cpuUsage(cpu)),
    loopBusyMs: performance.eventLoopUtilization(loop).active,
  };
}

function describeIdle(f: IdleFigures): string {
  return (
    `${(f.wallMs / 1000).toFixed(1)} s: ${f.cpuMs.toFixed(1)} ms process CPU ` +
    `(${((f.cpuMs / f.wallMs) * 100).toFixed(2)} % of one core), main thread busy ${f.loopBusyMs.toFixed(1)} ms`
  );
}

async function main(): Promise<void> {
  const base = values.dir
    ? path.resolve(values.dir)
    : mkdtempSync(path.join(os.tmpdir(), 'stream-lens-watch-bench-'));
  const root = path.join(base, 'burr');
  const builtAt = performance.now();
  const apps = buildTree(root);
  process.stdout.write(
    `Tree: ${APPS} apps in ${PROJECTS} projects at ${root} (${((performance.now() - builtAt) / 1000).toFixed(1)} s to build)\n`,
  );
  const active = apps[0] ?? '';
  const activeLog = path.join(active, 'log.jsonl');

  // The same idle wait without a watcher: process.cpuUsage counts every thread,
  // including tsx's module-loader thread, so this is the floor to subtract.
  const baseline = await measureIdle(IDLE_MS);
  process.stdout.write(`Baseline idle, no watcher: ${describeIdle(baseline)}\n`);

  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const pending: number[] = [];
  const latencies: number[] = [];
  let calls = 0;
  const warnings: string[] = [];

  const startCpu = process.cpuUsage();
  const startAt = performance.now();
  const watcher = watchFolders([root], {
    mode: MODE,
    sweepMs: Number(values['sweep-ms']),
    onWarning: (m) => warnings.push(m),
    onChange: (paths) => {
      calls++;
      if (!paths.includes(active)) return;
      const now = performance.now();
      for (const t of pending.splice(0)) latencies.push(now - t);
    },
  });
  await watcher.ready;
  const startMs = performance.now() - startAt;
  const startCpuMs = cpuMs(process.cpuUsage(startCpu));
  gc?.();
  const stats = watcher.stats();
  const rssAfter = process.memoryUsage().rss;
  process.stdout.write(
    `Start (${stats.mode}): ${startMs.toFixed(0)} ms to ready, ${startCpuMs.toFixed(0)} ms CPU; ` +
      `${stats.folders} folders (${stats.watchedFolders} watched, ${stats.polledFolders} polled), ${stats.files} files; ` +
      `inotify watches: ${inotifyWatches() ?? 'n/a'}; RSS +${mb(rssAfter - rssBefore)} MB (now ${mb(rssAfter)} MB, heap ${mb(process.memoryUsage().heapUsed)} MB)\n`,
  );
  for (const w of warnings) process.stdout.write(`Warning: ${w}\n`);

  await sleep(1000); // let start-up work (GC, late events) settle
  const idle = await measureIdle(IDLE_MS);
  process.stdout.write(
    `Idle, watching: ${describeIdle(idle)}; ${calls} reports; RSS ${mb(process.memoryUsage().rss)} MB\n`,
  );

  calls = 0;
  const activeCpu = process.cpuUsage();
  const activeLoop = performance.eventLoopUtilization();
  const activeAt = performance.now();
  let seq = 1;
  while (performance.now() - activeAt < ACTIVE_MS) {
    pending.push(performance.now());
    appendFileSync(
      activeLog,
      `${JSON.stringify({ type: 'attribute', key: 'tick', action_sequence_id: 0, span_id: null, value: seq++, tags: {}, time_logged: new Date().toISOString() })}\n`,
    );
    await sleep(APPEND_EVERY_MS);
  }
  await sleep(Math.max(1500, watcher.stats().pollCycleMs + 1000)); // the last appends' reports
  const activeMs = cpuMs(process.cpuUsage(activeCpu));
  const activeLoopMs = performance.eventLoopUtilization(activeLoop).active;
  const activeWall = performance.now() - activeAt;
  const sorted = [...latencies].sort((a, b) => a - b);
  process.stdout.write(
    `Active ${(activeWall / 1000).toFixed(1)} s (one app appends every ${APPEND_EVERY_MS} ms, ${seq - 1} lines): ` +
      `${activeMs.toFixed(1)} ms process CPU (${((activeMs / activeWall) * 100).toFixed(2)} % of one core), ` +
      `main thread busy ${activeLoopMs.toFixed(1)} ms, ${calls} reports; ` +
      `latency ms p50 ${percentile(sorted, 50).toFixed(0)}, p95 ${percentile(sorted, 95).toFixed(0)}, ` +
      `max ${(sorted.at(-1) ?? Number.NaN).toFixed(0)}, first append ${(latencies[0] ?? Number.NaN).toFixed(0)} ` +
      `(${sorted.length} of ${seq - 1} appends seen)\n`,
  );
  const end = watcher.stats();
  if (end.polledFolders > 0) {
    process.stdout.write(
      `Polling: a full round over the polled folders takes ${end.pollCycleMs.toFixed(0)} ms\n`,
    );
  }

  watcher.close();
  if (!values.dir && !values.keep) rmSync(base, { recursive: true, force: true });
}

await main();
