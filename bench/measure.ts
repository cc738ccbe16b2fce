/**
 * Peak-memory measurement for the benchmark, of the current process or of a child process.
 *
 * Polling RSS alone misses peaks between samples and sees nothing while synchronous work
 * blocks the event loop, so where Linux offers it we also read the kernel's own high-water
 * mark (VmHWM in /proc/<pid>/status), which is exact. The 20 ms samples still give a timeline.
 */
import { type SpawnOptions, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

export interface RssSample {
  /** Milliseconds since sampling started. */
  atMs: number;
  rssBytes: number;
}

export interface PeakRss {
  /** Best available peak: max of the kernel high-water mark (if readable) and the samples. */
  peakRssBytes: number;
  /** Largest polled RSS. */
  sampledPeakBytes: number;
  /** Kernel high-water mark (VmHWM), or null off Linux. For the current process it covers the
   * whole run since `resetPeakRss` (or since process start if the reset was not possible). */
  kernelPeakBytes: number | null;
  /** Whether the kernel high-water mark was reset at the start, so it belongs to this measurement. */
  kernelPeakWasReset: boolean;
  samples: RssSample[];
}

function statusField(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The kernel's peak RSS of a process (VmHWM), or null when /proc is not available. */
export function readPeakRss(pid: number | 'self' = 'self'): number | null {
  return statusField(pid, 'VmHWM');
}

/** Resets the kernel's peak RSS (Linux >= 4.0, own processes only); false when not possible. */
export function resetPeakRss(pid: number | 'self' = 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface RssSampler {
  stop(): PeakRss;
}

/**
 * Samples this process's RSS every `intervalMs` (default 20). Samples only happen while the
 * event loop runs; the kernel high-water mark read at stop() also covers synchronous stretches.
 */
export function startRssSampler(intervalMs = 20): RssSampler {
  const kernelPeakWasReset = resetPeakRss('self');
  const started = performance.now();
  const samples: RssSample[] = [];
  const sample = () =>
    samples.push({ atMs: performance.now() - started, rssBytes: process.memoryUsage.rss() });
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      let sampledPeakBytes = 0;
      for (const s of samples) if (s.rssBytes > sampledPeakBytes) sampledPeakBytes = s.rssBytes;
      const kernelPeakBytes = readPeakRss('self');
      return {
        peakRssBytes: Math.max(sampledPeakBytes, kernelPeakWasReset ? (kernelPeakBytes ?? 0) : 0),
        sampledPeakBytes,
        kernelPeakBytes,
        kernelPeakWasReset,
        samples,
      };
    },
  };
}

/** Runs `fn` (sync or async) in this process and reports its peak RSS. */
export async function measurePeakRss<T>(
  fn: () => T | Promise<T>,
  intervalMs = 20,
): Promise<{ result: T } & PeakRss> {
  const sampler = startRssSampler(intervalMs);
  try {
    const result = await fn();
    return { result, ...sampler.stop() };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}

/** Direct children of `pid` (Linux); falls back to scanning /proc for the parent pid. */
function childrenOf(pid: number): number[] {
  try {
    const out: number[] = [];
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) for (const child of text.split(/\s+/)) out.push(Number(child));
    }
    return out;
  } catch {
    const out: number[] = [];
    for (const entry of safeReaddir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // Field 4 is the parent pid; the command name (field 2) may contain spaces, so cut after ')'.
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === pid) out.push(Number(entry));
      } catch {
        // The process ended while we looked.
      }
    }
    return out;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function processTree(root: number): number[] {
  const seen: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    seen.push(pid);
    queue.push(...childrenOf(pid));
  }
  return seen;
}

export interface ChildRunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  seconds: number;
  /** Largest kernel high-water mark of any process in the child's tree: with `npx tsx x.ts` the
   * tree is npm, tsx and node, and this is the node process doing the work. Exact up to the last
   * poll before exit (a peak in the final `intervalMs` can be missed). */
  peakRssBytes: number;
  /** Largest sum of current RSS over the whole tree at one poll. */
  treePeakRssBytes: number;
  /** Per poll: RSS summed over the tree. */
  samples: RssSample[];
  stdout: string;
  stderr: string;
}

/**
 * Spawns `command args` and polls /proc every `intervalMs` for the peak RSS of it and its
 * descendants. Prefer `node --import tsx script.ts` over `npx tsx script.ts`: fewer processes.
 */
export function runWithPeakRss(
  command: string,
  args: string[],
  options: SpawnOptions & { intervalMs?: number } = {},
): Promise<ChildRunResult> {
  const { intervalMs = 20, ...spawnOptions } = options;
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => stdout.push(d));
    child.stderr?.on('data', (d: Buffer) => stderr.push(d));
    let peakRssBytes = 0;
    let treePeakRssBytes = 0;
    const samples: RssSample[] = [];
    const poll = () => {
      if (child.pid === undefined) return;
      let sum = 0;
      for (const pid of processTree(child.pid)) {
        const hwm = statusField(pid, 'VmHWM');
        const rss = statusField(pid, 'VmRSS');
        if (hwm !== null && hwm > peakRssBytes) peakRssBytes = hwm;
        if (rss !== null) sum += rss;
      }
      if (sum > treePeakRssBytes) treePeakRssBytes = sum;
      samples.push({ atMs: performance.now() - started, rssBytes: sum });
    };
    const timer = setInterval(poll, intervalMs);
    child.on('spawn', poll);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearInterval(timer);
      resolvePromise({
        exitCode,
        signal,
        seconds: (performance.now() - started) / 1000,
        peakRssBytes,
        treePeakRssBytes,
        samples,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}
