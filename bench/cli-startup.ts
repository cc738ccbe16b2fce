/**
 * CLI start-up against a bare `node -e 0` measured in the same run (issue 12 item 3):
 * `stream-lens --help` within 6×, and `report` on the sample logs' database within 10×.
 * Each figure is the best of `runs` fresh processes, the three commands alternated so they see
 * the same machine load. Run alone with `npm run bench -- --only cli`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stream-lens.mjs');
const SAMPLES = path.join(ROOT, 'resources', 'sample-logs');

export interface CliStartupResult {
  nodeMs: number;
  helpMs: number;
  reportMs: number;
  helpRatio: number;
  reportRatio: number;
  ok: boolean;
}

function timeMs(args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export function measureCliStartup(runs = 7): CliStartupResult {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-cli-bench-'));
  try {
    const db = path.join(dir, 'samples.db');
    timeMs([BIN, 'import', SAMPLES, '--db', db, '--json']); // also rebuilds a stale CLI build first
    let nodeMs = Number.POSITIVE_INFINITY;
    let helpMs = Number.POSITIVE_INFINITY;
    let reportMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < runs; i++) {
      nodeMs = Math.min(nodeMs, timeMs(['-e', '0']));
      helpMs = Math.min(helpMs, timeMs([BIN, '--help']));
      reportMs = Math.min(reportMs, timeMs([BIN, 'report', '--db', db, '--format', 'json']));
    }
    const helpRatio = helpMs / nodeMs;
    const reportRatio = reportMs / nodeMs;
    return { nodeMs, helpMs, reportMs, helpRatio, reportRatio, ok: helpRatio <= 6 && reportRatio <= 10 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printCliStartup(r: CliStartupResult): void {
  console.log('cli start-up (best of fresh processes):');
  console.log(`  node -e 0                 ${r.nodeMs.toFixed(0)} ms (the ceiling's unit)`);
  console.log(
    `  stream-lens --help        ${r.helpMs.toFixed(0)} ms = ${r.helpRatio.toFixed(1)}× (target ≤ 6×) ${r.helpRatio <= 6 ? 'ok' : 'MISSED'}`,
  );
  console.log(
    `  stream-lens report        ${r.reportMs.toFixed(0)} ms = ${r.reportRatio.toFixed(1)}× (target ≤ 10×) ${r.reportRatio <= 10 ? 'ok' : 'MISSED'}`,
  );
}
