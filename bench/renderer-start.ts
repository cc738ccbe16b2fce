/**
 * `npx tsx bench/renderer-start.ts [--db FILE] [--runs 7]`
 *
 * The page's start as a user sees it in the browser host: `stream-lens serve` on a database (by
 * default the sample logs, imported into a temporary one; pass the database `bench/dashboard.ts
 * --keep-db` built to see a big one), then headless Chromium opening the page, a fresh browser
 * context per run. Each run records, in the page's own clock: when the first script has arrived,
 * when the first request to the core leaves, when the dashboard's answer is in, when the summary
 * tiles are in the page, and when every chart has drawn. A first load before the runs lets the
 * server read its snapshot and save its views, so the runs time the page, not the server's start.
 *
 * The reference measured in the same browser is a blank page's navigation (a fresh context each
 * time too): each median is printed as a ratio to it, so runs on a busy machine still compare.
 * No target: the figures show where a start's time goes (bench/README.md).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../test/e2e/find-chromium';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stream-lens.mjs');
const SAMPLES = path.join(ROOT, 'resources', 'sample-logs');

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    runs: { type: 'string', default: '7' },
  },
});
const runs = Math.max(1, Number(values.runs));

/** Milestones of one start, in ms from the navigation's start (the page's performance clock). */
interface Start {
  scriptIn: number;
  firstRequest: number;
  dashboardIn: number;
  tiles: number;
  charts: number;
}
const MILESTONES: readonly [keyof Start, string][] = [
  ['scriptIn', 'first script in'],
  ['firstRequest', 'first request to the core'],
  ['dashboardIn', 'dashboard answer in'],
  ['tiles', 'summary tiles in the page'],
  ['charts', 'every chart drawn'],
];

/*
 * Installed before the page's scripts (as text: this file is typechecked for Node, without DOM
 * types): notes when the tiles and the last chart appear.
 */
const WATCH_MILESTONES = `
  window.__milestones = {};
  new MutationObserver(() => {
    const seen = window.__milestones;
    if (seen.tiles === undefined && document.querySelector('[data-testid=summary-tiles]'))
      seen.tiles = performance.now();
    if (seen.charts === undefined && document.querySelectorAll('.chart-slot svg').length >= 4 &&
        document.querySelectorAll('.chart-pending').length === 0)
      seen.charts = performance.now();
  }).observe(document, { subtree: true, childList: true });
`;
type PageGlobals = { __milestones: { tiles?: number; charts?: number } };
type Timing = { name: string; startTime: number; responseEnd: number };

/** Read in the page (as a function: the page's CSP refuses code given as text to evaluate). */
function chartsDrawn(): boolean {
  return (globalThis as unknown as PageGlobals).__milestones.charts !== undefined;
}

function readMilestones(): Start {
  const seen = (globalThis as unknown as PageGlobals).__milestones;
  const resources = performance.getEntriesByType('resource') as unknown as Timing[];
  const api = resources.filter((e) => e.name.includes('/api/') && !e.name.endsWith('/api/events'));
  const script = resources.find((e) => e.name.endsWith('.js'));
  const dashboard = api.find((e) => e.name.endsWith('/api/dashboard:get'));
  return {
    scriptIn: script ? script.responseEnd : Number.NaN,
    firstRequest: Math.min(...api.map((e) => e.startTime)),
    dashboardIn: dashboard ? dashboard.responseEnd : Number.NaN,
    tiles: seen.tiles ?? Number.NaN,
    charts: seen.charts ?? Number.NaN,
  };
}

async function oneStart(browser: Browser, url: string): Promise<Start> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: WATCH_MILESTONES });
    await page.goto(url);
    await page.waitForFunction(chartsDrawn, undefined, { timeout: 120_000 });
    return await page.evaluate(readMilestones);
  } finally {
    await context.close();
  }
}

async function blankPage(browser: Browser): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto('data:text/html,<!doctype html><title>blank</title><p>blank</p>');
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

function startServe(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Open: (\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`stream-lens serve exited ${code} before it was up`)));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const temp = values.db ? null : mkdtempSync(path.join(os.tmpdir(), 'stream-lens-renderer-bench-'));
const db = values.db ?? path.join(temp as string, 'samples.db');
if (!values.db) {
  const imported = spawnSync(process.execPath, [BIN, 'import', SAMPLES, '--db', db, '--json'], { cwd: ROOT });
  if (imported.status !== 0) throw new Error(`importing the sample logs failed: ${imported.stderr}`);
}
const { child, url } = await startServe(db);
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  await oneStart(browser, url); // the server's own start (snapshot, saved views): not timed
  const starts: Start[] = [];
  const blanks: number[] = [];
  for (let i = 0; i < runs; i++) {
    blanks.push(await blankPage(browser));
    starts.push(await oneStart(browser, url));
  }
  const reference = median(blanks);
  console.log(`${db}: ${runs} starts in fresh browser contexts (medians; ms from the navigation's start)`);
  console.log(`reference: a blank page's navigation = ${reference.toFixed(0)} ms`);
  for (const [key, label] of MILESTONES) {
    const m = median(starts.map((s) => s[key]));
    const all = starts.map((s) => s[key].toFixed(0)).join(' ');
    console.log(
      `  ${label.padEnd(28)} ${m.toFixed(0).padStart(6)} ms  ${(m / reference).toFixed(1)}x  (${all})`,
    );
  }
} finally {
  await browser.close();
  child.kill('SIGTERM');
  if (temp) rmSync(temp, { recursive: true, force: true });
}
