import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { ensureBigDatabase } from './big-db';
import { longestMainThreadTask } from './main-thread-trace';
import { startServeOnDatabase } from './serve-fixtures';

/**
 * Issue 10 item 4: the renderer stays responsive at any size. On a real-shaped big database
 * (big-db.ts: ~48,000 apps) every interaction of every view is timed by the longest task it ran on
 * the page's main thread, from a Chromium trace of the interaction (RunTask events of
 * CrRendererMain): its wall time, as a user feels it, and its CPU time (the trace's thread time).
 * Both are printed per interaction, marked when over the 100 ms target. Wall time on a shared
 * two-core CI machine counts the other processes' turns too (the same task measured 60 ms and
 * 700 ms there); CPU time is what the page itself did, so that is what the test asserts: it stars
 * anything over the 100 ms target and fails over BOUND_MS = 120 ms of CPU.
 *
 * The longest interactions (a fast scroll through the stream table, adding a compare group)
 * measured 49-82 ms of CPU on this shared two-core machine (72-112 ms before the stream table
 * reused its rows and charts waited a frame for their turn; 500-780 ms before the first of this
 * work). Two things besides the app reach those times, and the test keeps both out:
 * - Tasks that are the test's own: Playwright's checks run in the page. One took 143 ms of CPU
 *   (2,875 style and layout reads, no app script). main-thread-trace.ts leaves such tasks out and
 *   the longest of them is printed apart.
 * - A garbage collection that lands in an interaction: on these VMs one took 100-150 ms (a 15 MB
 *   young generation, scavenged in 20-40 ms when the machine is idle). So when an interaction is
 *   over the bound in pass 1, the whole sequence runs again on a fresh page; the interaction fails only
 *   if it is over the bound in both passes (or far over in either): a spike rarely lands on the
 *   same interaction twice, a regression that shows in most runs does.
 * One CI run failed over the bound in both attempts before either was in place (its log kept no
 * table). The trace of an interaction over the bound is now kept in test-results/longtask-traces.
 * Opening the page is printed but not asserted: it includes evaluating the app's script bundle.
 * STREAM_LENS_LONGTASK_MS moves the bound; STREAM_LENS_LONGTASK_WALL=1 asserts wall time instead,
 * for a quiet machine; STREAM_LENS_LONGTASK_TRACES=<folder> keeps each interaction's trace there.
 */
const TARGET_MS = 100;
const BOUND_MS = positiveMs(process.env.STREAM_LENS_LONGTASK_MS ?? '120');
const ASSERT_WALL = process.env.STREAM_LENS_LONGTASK_WALL === '1';
const SHOTS = path.join('test-results', 'screenshots');
/** Where the trace of an interaction over the bound is kept. */
const OVER_TRACES = path.join('test-results', 'longtask-traces');
/**
 * A folder to keep each interaction's trace in, with a CPU profile, to open in DevTools. The
 * profiler costs time of its own (its first task, and script runs longer): read where the time
 * goes there, not how much.
 */
const TRACES = process.env.STREAM_LENS_LONGTASK_TRACES;
const CATEGORIES = ['disabled-by-default-devtools.timeline'];
if (TRACES) CATEGORIES.push('devtools.timeline', 'disabled-by-default-v8.cpu_profiler');

// Playwright's own trace (the config records one on a retry) snapshots the page's DOM after every
// action, on the page's main thread: a retry would time the snapshots as much as the app.
test.use({ trace: 'off' });

let server: Awaited<ReturnType<typeof startServeOnDatabase>>;
let corpusMb = 0;
/** One interaction's longest main-thread task: wall and CPU ms, long tasks seen, what took its time. */
interface Result {
  name: string;
  wallMs: number;
  cpuMs: number;
  longTasks: number;
  inside: string;
  /** The longest task that was the test's own (Playwright's checks), left out of the times. */
  testsOwnMs: number;
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const big = ensureBigDatabase();
  corpusMb = big.mb;
  server = await startServeOnDatabase(big.databasePath);
});

test.afterAll(async () => {
  await server?.stop();
});

/** The table the spec prints: one line per interaction, wall and CPU ms of its longest task. */
function printResults(results: readonly Result[], heading: string): void {
  console.log(
    `${heading}: longest main-thread task per interaction (${corpusMb} MB corpus; target ${TARGET_MS} ms, asserted bound ${BOUND_MS} ms of ${ASSERT_WALL ? 'wall' : 'CPU'} time; * over the target):`,
  );
  console.log(
    `  ${'interaction'.padEnd(40)} ${'wall ms'.padStart(8)} ${'CPU ms'.padStart(8)}  ${"test's own".padStart(10)}  tasks > 50 ms`,
  );
  for (const r of results) {
    const wall = r.wallMs.toFixed(0).padStart(8);
    const over = (ASSERT_WALL ? r.wallMs : r.cpuMs) > TARGET_MS ? '*' : ' ';
    const cpu = `${r.cpuMs.toFixed(0).padStart(8)}${over}`;
    const own = r.testsOwnMs.toFixed(0).padStart(10);
    console.log(`  ${r.name.padEnd(40)} ${wall} ${cpu} ${own}  ${r.longTasks}  ${r.inside}`);
  }
}

/** What the page's init script adds: the durations of its long tasks (over 50 ms). */
interface LongTaskPage {
  __longTasks?: number[];
  PerformanceObserver: new (
    callback: (list: { getEntries(): { duration: number }[] }) => void,
  ) => { observe(options: { type: string; buffered: boolean }): void };
}

/** Records every long task of the page from its first script on (it only tells when the page is quiet). */
async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const g = globalThis as unknown as LongTaskPage;
    const tasks: number[] = [];
    g.__longTasks = tasks;
    new g.PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** API requests in flight: an interaction is over when none is and no long task came for a while. */
function trackRequests(page: Page): () => number {
  let inFlight = 0;
  // The event stream (/api/events) stays open for the page's life: it is not a request to wait for.
  const isApi = (url: string): boolean => {
    const p = new URL(url).pathname;
    return p.startsWith('/api/') && p !== '/api/events';
  };
  page.on('request', (r) => {
    if (isApi(r.url())) inFlight++;
  });
  const done = (r: { url(): string }): void => {
    if (isApi(r.url())) inFlight--;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return () => inFlight;
}

async function quiet(page: Page, inFlight: () => number): Promise<void> {
  const QUIET_MS = 800;
  let seen = -1;
  let since = Date.now();
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const n = await page.evaluate(() => (globalThis as unknown as LongTaskPage).__longTasks?.length ?? 0);
    if (n !== seen || inFlight() > 0) {
      seen = n;
      since = Date.now();
    } else if (Date.now() - since >= QUIET_MS) return;
    await page.waitForTimeout(100);
  }
  throw new Error('the page did not settle within 60 s');
}

/** Runs one interaction, waits until its answer is drawn and the page is quiet, records its longest task. */
type Measure = (name: string, action: () => Promise<void>, drawn: Locator) => Promise<void>;

function measurer(page: Page, inFlight: () => number, results: Result[], pass: number): Measure {
  return async (name, action, drawn) => {
    await quiet(page, inFlight);
    await page.evaluate(() => {
      const tasks = (globalThis as unknown as LongTaskPage).__longTasks;
      if (tasks) tasks.length = 0;
    });
    const browser = page.context().browser();
    if (browser === null) throw new Error('no browser to trace');
    await browser.startTracing(page, { categories: CATEGORIES });
    await action();
    await expect(drawn).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('.stale')).toHaveCount(0, { timeout: 60_000 });
    await quiet(page, inFlight);
    const trace = await browser.stopTracing();
    const fileName = `${name.replace(/[^\w-]+/g, '_')}.json`;
    if (TRACES) {
      mkdirSync(TRACES, { recursive: true });
      writeFileSync(path.join(TRACES, fileName), trace);
    }
    const longest = longestMainThreadTask(trace);
    // An interaction over the bound keeps its trace, to open in DevTools (chrome://tracing).
    if (isOverBound({ name, ...longest, longTasks: 0 })) {
      mkdirSync(OVER_TRACES, { recursive: true });
      writeFileSync(path.join(OVER_TRACES, `pass${pass}-${fileName}`), trace);
    }
    const longTasks = await page.evaluate(
      () => (globalThis as unknown as LongTaskPage).__longTasks?.length ?? 0,
    );
    results.push({ name, ...longest, longTasks });
  };
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Every interaction of every view, in order, on a fresh page: the longest task of each. */
async function interactAll(page: Page, pass: number): Promise<Result[]> {
  const results: Result[] = [];
  await observeLongTasks(page);
  const measure = measurer(page, trackRequests(page), results, pass);
  const dash = page.getByTestId('dashboard');
  const tile = page.getByTestId('tile-streams-value');

  await measure('open the dashboard (all projects)', () => page.goto(server.url).then(() => {}), tile);
  await expect(tile).not.toHaveText('');
  await shot(page, 'big-dashboard');

  const ttftMode = page.getByTestId('ttft-mode');
  const ttftScale = page.getByTestId('ttft-scale');
  await measure(
    'TTFT: CDF',
    () => ttftMode.getByRole('button', { name: 'CDF' }).click(),
    page.getByTestId('ttft-cdf'),
  );
  await measure('TTFT: log axis', () => ttftScale.getByRole('button', { name: 'Log' }).click(), dash);
  await measure(
    'TTFT: histogram',
    () => ttftMode.getByRole('button', { name: 'Histogram' }).click(),
    page.getByTestId('ttft-histogram'),
  );
  await measure('TTFT: linear axis', () => ttftScale.getByRole('button', { name: 'Linear' }).click(), dash);
  await measure(
    'split bars: sort by consumer',
    () => page.getByTestId('split-sort').getByRole('button', { name: 'consumer' }).click(),
    dash,
  );
  await measure(
    'filter: project chatbot-fast',
    async () => {
      await page.getByTestId('filter-project').selectOption('chatbot-fast');
    },
    dash,
  );
  await measure(
    'filter: failed only',
    async () => {
      await page.getByTestId('filter-failed').selectOption('only');
    },
    dash,
  );
  await measure(
    'filter: failed listed',
    async () => {
      await page.getByTestId('filter-failed').selectOption('any');
    },
    dash,
  );
  await measure('filter: reset (all projects)', () => page.getByTestId('filter-reset').click(), dash);
  await measure(
    'filter: timing hooks only',
    async () => {
      await page.getByTestId('filter-timing').selectOption('hooks');
    },
    dash,
  );
  await measure(
    'filter: timing hooks + legacy',
    async () => {
      await page.getByTestId('filter-timing').selectOption('');
    },
    dash,
  );
  await shot(page, 'big-dashboard-after');

  const scatter = page.getByTestId('split-scatter');
  await scatter.scrollIntoViewIfNeeded();
  const box = await scatter.boundingBox();
  if (box) {
    await measure(
      'scatter: hover (tooltip)',
      async () => {
        for (let i = 1; i <= 5; i++)
          await page.mouse.move(box.x + (box.width * i) / 12, box.y + box.height * (1 - i / 8));
      },
      scatter,
    );
  }

  await measure(
    'view: Streams',
    () => page.getByTestId('tab-streams').click(),
    page.getByTestId('streams-table'),
  );
  const table = page.getByTestId('streams-table');
  await measure(
    'streams: scroll far down (paging)',
    async () => {
      await table.hover();
      for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 4000);
    },
    page.getByTestId('stream-row').first(),
  );
  await measure(
    'streams: sort by TTFT',
    () => page.getByRole('columnheader', { name: /TTFT/ }).first().click(),
    table,
  );
  await shot(page, 'big-streams');

  await measure(
    'view: Runs (app list)',
    () => page.getByTestId('tab-runs').click(),
    page.getByTestId('app-list'),
  );
  await shot(page, 'big-runs');
  await measure(
    'runs: open an app',
    () => page.getByTestId('app-row').first().click(),
    page.getByTestId('run-detail'),
  );

  await measure(
    'view: Compare',
    () => page.getByTestId('tab-compare').click(),
    page.getByTestId('compare-view'),
  );
  const glob = page.getByTestId('compare-glob');
  await measure(
    'compare: add fast-model-*',
    async () => {
      await glob.fill('fast-model-*');
      await glob.press('Enter');
    },
    page.getByTestId('compare-group').first(),
  );
  await measure(
    'compare: add slow-model-*',
    async () => {
      await glob.fill('slow-model-*');
      await glob.press('Enter');
    },
    page.getByTestId('compare-cdf'),
  );
  await shot(page, 'big-compare');

  await measure(
    'view: Problems',
    () => page.getByTestId('tab-problems').click(),
    page.getByTestId('problems-view'),
  );
  await measure('view: Dashboard again (cached)', () => page.getByTestId('tab-dashboard').click(), dash);

  return results;
}

/**
 * Over the bound, and asserted: opening the page is printed, not asserted (it includes evaluating
 * the app's script bundle), and with the profiler on the times are its as much as the page's.
 */
function isOverBound(r: Result): boolean {
  return !TRACES && asserted(r) > BOUND_MS && !r.name.startsWith('open the dashboard');
}

/** The time the test asserts on. */
function asserted(r: Result): number {
  return ASSERT_WALL ? r.wallMs : r.cpuMs;
}

/**
 * Far over the bound: no second pass excuses that. A GC spike on these VMs added up to ~150 ms to
 * an interaction of 50-70 ms; three times the bound is beyond any spike seen.
 */
const FAR_MS = 3 * BOUND_MS;

/**
 * An interaction over the bound in the first pass is timed again: the whole sequence once more on
 * a fresh page (the views keep state, such as Compare's groups, so one interaction cannot simply
 * be repeated). It fails when it is over the bound in both passes, or far over in either. A
 * garbage collection or another process's turn rarely lands on the same interaction twice; a
 * regression that shows in most runs shows in both. (One that shows in few runs can pass here:
 * the passes' tables and the test's annotations name every interaction that needed the second.)
 */
test('no interaction blocks the main thread on the big database', async ({ page, browser }) => {
  test.setTimeout(900_000);
  const first = await interactAll(page, 1);
  printResults(first, 'pass 1');
  const retimed = first.filter(isOverBound);
  let failing = retimed.filter((r) => asserted(r) > FAR_MS);
  if (retimed.length > 0 && failing.length === 0) {
    test.info().annotations.push({
      type: 'timed again',
      description: retimed.map((r) => `${r.name}: ${asserted(r).toFixed(0)} ms`).join('; '),
    });
    await page.goto('about:blank'); // its memory is not the second page's to collect
    const context = await browser.newContext({ viewport: page.viewportSize() });
    const second = await interactAll(await context.newPage(), 2);
    await context.close();
    printResults(second, `pass 2 (${retimed.map((r) => r.name).join(', ')} over the bound in pass 1)`);
    const again = new Map(second.map((r) => [r.name, r]));
    failing = retimed.filter((r) => {
      const other = again.get(r.name);
      return other === undefined || isOverBound(other);
    });
    failing.push(
      ...second
        .filter(isOverBound)
        .filter((r) => asserted(r) > FAR_MS && !failing.some((f) => f.name === r.name)),
    );
  }
  expect(failing, `interactions with a main-thread task over ${BOUND_MS} ms`).toEqual([]);
});

/** A bound that is not a positive number would silently assert nothing (NaN) or fail everything (0). */
function positiveMs(text: string): number {
  const ms = Number(text);
  if (!(ms > 0)) throw new Error(`STREAM_LENS_LONGTASK_MS must be a positive number of ms, got '${text}'`);
  return ms;
}
