import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { stopChild } from './serve-fixtures';

/**
 * The renderer end to end in real Chromium through the `serve` host on the real fixtures
 * (global-setup imports test/fixtures/burr-logs/{local,s3-download} and puts the token URL in
 * STREAM_LENS_URL). Numbers asserted here are the fixtures' own: chatbot-models has 44 streams, 2 of
 * them failed, TTFT p50 178.1 ms and p90 574.6 ms over the 42 that did not fail.
 */

const SHOTS = path.join('test-results', 'screenshots');

function startUrl(): string {
  const url = process.env.STREAM_LENS_URL ?? test.info().project.use.baseURL;
  if (!url)
    throw new Error(
      'STREAM_LENS_URL is not set: run through playwright.config.ts (its global setup starts serve).',
    );
  return url;
}

async function open(page: Page): Promise<void> {
  await page.goto(startUrl());
  await expect(page.getByTestId('sidebar')).toBeVisible();
}

/** The clipboard's text, read in the page (the test's own types have no DOM). */
function readClipboard(page: Page): Promise<string> {
  return page.evaluate('navigator.clipboard.readText()') as Promise<string>;
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

function projectRow(page: Page, name: string) {
  return page
    .locator(`[data-testid="sidebar-project"][data-project="${name}"]`)
    .getByTestId('sidebar-project-row');
}

async function openProject(page: Page, name: string): Promise<void> {
  await projectRow(page, name).click();
  await expect(page.getByTestId('breadcrumbs')).toContainText(name);
}

test('the library lists the fixture projects with their counts', async ({ page }) => {
  await open(page);
  const projects = page.getByTestId('sidebar-project');
  // Each source's projects render as its list comes in: waited for, not counted at the first one.
  await expect.poll(() => projects.count()).toBeGreaterThanOrEqual(4);
  for (const name of ['chatbot-models', 'chatbot-legacy', 'async-agent', 'chatbot-s3']) {
    await expect(page.locator(`[data-testid="sidebar-project"][data-project="${name}"]`)).toBeVisible();
  }
  // apps · streams of chatbot-models
  await expect(projectRow(page, 'chatbot-models')).toContainText('16 · 44');
  await shot(page, 'library');
});

test('the chatbot-models dashboard shows its counts and TTFT percentiles', async ({ page }) => {
  await open(page);
  await openProject(page, 'chatbot-models');
  await expect(page.getByTestId('tile-streams-value')).toHaveText('44');
  await expect(page.getByTestId('tile-failed-value')).toHaveText('2');
  await expect(page.getByTestId('tile-ttft-value')).toHaveText('178 ms');
  await expect(page.getByTestId('tile-ttft')).toContainText('p90 575 ms');
  await expect(page.getByTestId('tile-ttft')).toContainText('n = 42');
  // A tile's number can be copied with what it is.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('tile-ttft').hover();
  await page.getByRole('button', { name: 'Copy TTFT p50' }).click();
  expect(await readClipboard(page)).toMatch(/^TTFT p50: 178 ms \(p90 575 ms .*n = 42\)$/);

  // The same numbers the core computes, formatted the UI's way.
  const stats = await page.evaluate(async () => {
    const res = await fetch('/api/dashboard:get', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { project: 'chatbot-models' } }),
    });
    const body = (await res.json()) as {
      result: { stats: Record<string, { p50: number; p90: number; count: number }> };
    };
    return body.result.stats.ttft_ms;
  });
  expect(Math.round(stats?.p50 ?? 0)).toBe(178);
  expect(Math.round(stats?.p90 ?? 0)).toBe(575);
  expect(stats?.count).toBe(42);

  const histogram = page.getByTestId('ttft-histogram');
  await expect(histogram).toContainText('p50 178 ms');
  await expect(histogram).toContainText('p90 575 ms');
  await expect(page.getByTestId('split-bars')).toBeVisible();
  await expect(page.getByTestId('split-scatter')).toBeVisible();
  await expect(page.getByTestId('stats-footnote')).toContainText('n failed = 2');
  await shot(page, 'dashboard');

  // CDF and log toggles re-render the chart; the selection survives a reload (URL hash).
  await page.getByTestId('ttft-mode').getByRole('button', { name: 'CDF' }).click();
  await expect(page.getByTestId('ttft-cdf')).toBeVisible();
  await page.getByTestId('ttft-scale').getByRole('button', { name: 'Log' }).click();
  await page.reload();
  await expect(page.getByTestId('tile-streams-value')).toHaveText('44');
  await expect(page.getByTestId('ttft-cdf')).toBeVisible();
  await shot(page, 'dashboard-cdf-log');
});

test("charts follow the window: each drawn at its panel's width as the layout changes", async ({ page }) => {
  await open(page);
  await openProject(page, 'chatbot-models');
  const histogram = page.getByTestId('ttft-histogram');
  const surface = histogram.locator('svg.recharts-surface').first();
  await expect(surface).toBeVisible();
  /** The chart's drawn width and the width its box gives it. */
  const widths = () =>
    histogram.evaluate((box) => ({
      box: Math.floor(box.getBoundingClientRect().width),
      svg: Number(box.querySelector('svg.recharts-surface')?.getAttribute('width')),
    }));
  /** The width the chart is drawn at, once it has redrawn at its box's width (in its turn). */
  const drawnWidth = async (): Promise<number> => {
    await expect
      .poll(async () => {
        const w = await widths();
        return w.svg > 0 && w.svg === w.box;
      })
      .toBe(true);
    return (await widths()).svg;
  };
  const wide = await drawnWidth();

  // At 1000 px the panels stack in one column: each gets wider than it was beside another.
  await page.setViewportSize({ width: 1000, height: 900 });
  await expect.poll(async () => (await widths()).box).toBeGreaterThan(wide);
  const stacked = await drawnWidth();
  expect(stacked).toBeGreaterThan(wide);

  await page.setViewportSize({ width: 700, height: 900 });
  await expect.poll(async () => (await widths()).box).toBeLessThan(stacked);
  expect(await drawnWidth()).toBeLessThan(stacked);

  await page.setViewportSize({ width: 1440, height: 900 });
  await expect.poll(async () => (await widths()).box).toBe(wide);
  expect(await drawnWidth()).toBe(wide);
});

test('the stream table sorts, marks failed rows and opens a run from the keyboard', async ({ page }) => {
  // The table draws the rows in view and a few more: a window tall enough for all 44.
  await page.setViewportSize({ width: 1440, height: 1700 });
  await open(page);
  await openProject(page, 'chatbot-models');
  await page.keyboard.press('Control+2');
  await expect(page.getByTestId('streams-view')).toBeVisible();
  await expect(page.getByTestId('streams-total')).toHaveText('n = 44 streams');
  await expect(page.locator('.vrow.failed')).toHaveCount(2);

  await page
    .getByTestId('streams-table')
    .getByRole('columnheader', { name: /^TTFT(?! rank)/ })
    .click();
  const first = page.getByTestId('stream-row').first();
  await expect(first).toContainText('1,722 ms');
  await expect(first).toContainText('slow-model-run-00-43fa65');
  await shot(page, 'streams');

  await page.getByTestId('streams-table').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-app-id')).toHaveText('slow-model-run-00-43fa65');
});

test('the run view shows the timeline, a failed step and the raw log line', async ({ page }) => {
  await open(page);
  const project = page.locator('[data-testid="sidebar-project"][data-project="chatbot-models"]');
  await project.getByTestId('sidebar-project-twisty').click();
  await project.locator('[data-testid="sidebar-app"][data-app="fast-model-run-03-9b453d"]').click();

  await expect(page.getByTestId('run-app-id')).toHaveText('fast-model-run-03-9b453d');
  // Copy buttons put the id on the clipboard and say so.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const copyId = page.getByRole('button', { name: 'Copy app id' });
  await copyId.click();
  await expect(copyId).toHaveText('Copied');
  expect(await readClipboard(page)).toBe('fast-model-run-03-9b453d');
  await page.getByRole('button', { name: 'Copy partition key' }).click();
  expect(await readClipboard(page)).toBe('user-4');
  await expect(page.getByTestId('timeline-step')).toHaveCount(6);
  await expect(page.getByTestId('timeline-stream')).toHaveCount(2);
  const failed = page.locator('[data-testid="timeline-step"][data-failed="true"]');
  await expect(failed).toHaveCount(1);
  // The exception's last line is shown first, the traceback on demand.
  await expect(failed.getByTestId('step-exception-summary')).toHaveText(
    'RuntimeError: fast-model: upstream connection reset after 31 tokens',
  );
  await expect(failed.getByTestId('step-exception')).toBeHidden();
  await failed.getByText(/^Traceback \(\d+ lines\)$/).click();
  await expect(failed.getByTestId('step-exception')).toContainText('Traceback');
  await shot(page, 'run');

  await failed.getByRole('button', { name: 'Show end line' }).click();
  const dialog = page.getByTestId('full-line-dialog');
  await expect(dialog.getByTestId('full-line-json')).toContainText('"type": "end_entry"');
  await shot(page, 'run-full-line');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('compare fast-model-* with slow-model-* gives a verdict', async ({ page }) => {
  await open(page);
  await openProject(page, 'chatbot-models');
  await page.getByTestId('tab-compare').click();
  const glob = page.getByTestId('compare-glob');
  await glob.fill('fast-model-*');
  await glob.press('Enter');
  await glob.fill('slow-model-*');
  await glob.press('Enter');
  await expect(page.getByTestId('compare-group')).toHaveCount(2);

  const verdicts = page.getByTestId('compare-verdict');
  await expect(verdicts.first()).toBeVisible();
  await expect(verdicts.first()).toContainText("slow-model-*'s TTFT p50 is");
  await expect(verdicts.first()).toContainText('slower');
  await expect(page.getByTestId('compare-table')).toContainText('TTFT');
  await expect(page.getByTestId('compare-cdf')).toBeVisible();
  await shot(page, 'compare');
});

test('a view whose chunk cannot be loaded says so in its place, and a reload brings it', async ({ page }) => {
  // As when the app was built again since the page opened: the old chunk's name is gone.
  await page.route('**/assets/streams-view-*.js', (route) => route.abort());
  await open(page);
  await expect(page.getByTestId('summary-tiles')).toBeVisible();
  await page.getByTestId('tab-streams').click();
  const failed = page.getByTestId('load-error');
  await expect(failed).toContainText('Could not show the Streams view');
  // The rest of the window is still there and works.
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await page.getByTestId('tab-dashboard').click();
  await expect(page.getByTestId('summary-tiles')).toBeVisible();
  await expect(failed).toHaveCount(0);
  await page.getByTestId('tab-streams').click();
  await expect(failed).toBeVisible();
  await page.unroute('**/assets/streams-view-*.js');
  await failed.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByTestId('streams-table')).toBeVisible();
});

test('the problems view lists quarantined lines or says there are none', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Control+5');
  const view = page.getByTestId('problems-view');
  await expect(view).toBeVisible();
  await expect(view).toContainText(/No problems|Quarantined lines|Files that could not be read/);
  await shot(page, 'problems');
});

test('export renders the current selection and downloads it', async ({ page }) => {
  await open(page);
  await openProject(page, 'chatbot-models');
  await page.keyboard.press('Control+e');
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('export-format').getByRole('button', { name: 'CSV' }).click();
  await shot(page, 'export');
  const download = page.waitForEvent('download');
  await dialog.getByTestId('export-submit').click();
  expect((await download).suggestedFilename()).toMatch(
    /^stream-lens_project-chatbot-models_by-project_\d{8}-\d{6}\.csv$/,
  );
  await expect(dialog).toBeHidden();
});

test('Cancel during a long export stops it: nothing is downloaded and the dialog is usable', async ({
  page,
}) => {
  await open(page);
  // The host answers slowly, as a big report would.
  await page.route('**/api/export:render', async (route) => {
    await new Promise((r) => setTimeout(r, 2_500));
    await route.continue();
  });
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.keyboard.press('Control+e');
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-submit').click();
  await expect(dialog.getByTestId('export-submit')).toHaveText('Exporting…');
  await expect(dialog.getByText('Rendering the report…')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByTestId('export-submit')).toHaveText('Export');
  await page.waitForTimeout(3_500); // past the slow answer
  expect(downloads).toBe(0);
  await expect(dialog).toBeVisible();
  await page.unroute('**/api/export:render');
});

test('dialogs are modal: focus stays inside, Escape closes, focus goes back', async ({ page }) => {
  await open(page);
  const opener = page.getByRole('button', { name: /^Export/ }).first();
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((d) => d.tagName === 'DIALOG' && d.hasAttribute('open'))).toBe(true);
  // The page behind is inert: Tab cycles through the dialog (passing the browser's own UI, where
  // the page sees no focused element), never onto the page.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const where = await dialog.evaluate((d) =>
      d.contains(d.ownerDocument.activeElement)
        ? 'dialog'
        : d.ownerDocument.activeElement === d.ownerDocument.body
          ? 'none'
          : 'page',
    );
    expect(where, `Tab ${i + 1}`).not.toBe('page');
  }
  await shot(page, 'export-dialog-modal');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

/**
 * A second `serve` on an empty library whose AWS chain cannot leave 127.0.0.1: a test key in the
 * environment, no ~/.aws files, no instance metadata. The shared one inherits the machine's AWS
 * setup, so an S3 check there could look for credentials elsewhere.
 */
async function startServeWithoutAws(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-e2e-s3-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: 'stream-lens-e2e',
    AWS_SECRET_ACCESS_KEY: 'stream-lens-e2e',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const cli = fileURLToPath(new URL('../../bin/stream-lens.mjs', import.meta.url));
  const child = spawn(process.execPath, [cli, 'serve', '--db', path.join(dir, 's3.db'), '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // After the server has exited: at close it saves its views (and may be saving its snapshot) in
  // this folder; removed before, the folder could gain a file under rmSync (ENOTEMPTY).
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`serve did not print its URL in time:\n${out}`)),
        30_000,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
    });
    return { url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Runs `body` on a second `serve` with an empty library (see startServeWithoutAws), then stops it. */
async function withEmptyLibrary(page: Page, body: () => Promise<void>): Promise<void> {
  const serve = await startServeWithoutAws();
  try {
    await page.goto(serve.url);
    await expect(page.getByTestId('no-sources')).toBeVisible();
    await body();
  } finally {
    await serve.stop();
  }
}

test('adding an S3 bucket nothing answers for shows why in the dialog, and adds nothing', async ({
  page,
}) => {
  await withEmptyLibrary(page, async () => {
    await shot(page, 'no-sources');

    // From the empty state; Escape closes the dialog again.
    await page.getByTestId('no-sources-add-s3').click();
    const dialog = page.getByTestId('add-s3-dialog');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // From the sidebar, next to + Folder.
    await page.getByTestId('add-s3').click();
    await expect(dialog).toBeVisible();
    const bucket = dialog.getByTestId('add-s3-bucket');
    await expect(bucket).toBeFocused();
    await expect(dialog.getByTestId('add-s3-prefix')).toHaveValue('data/');
    await expect(dialog.getByTestId('add-s3-submit')).toBeDisabled();
    await expect(dialog.getByTestId('add-s3-path-style')).toBeDisabled();
    await expect(dialog.getByTestId('add-s3-credentials-note')).toContainText('never stored');
    await shot(page, 'add-s3-dialog');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'add-s3-dialog-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // An s3:// address fills bucket and prefix; nothing listens on port 9 (discard) of 127.0.0.1.
    await bucket.fill('s3://stream-lens-e2e-no-such-bucket/data/chatbot');
    await expect(bucket).toHaveValue('stream-lens-e2e-no-such-bucket');
    await expect(dialog.getByTestId('add-s3-prefix')).toHaveValue('data/chatbot');
    const endpoint = dialog.getByTestId('add-s3-endpoint');
    await endpoint.fill('http://127.0.0.1:9');
    await expect(dialog.getByTestId('add-s3-path-style')).toBeChecked();
    await endpoint.press('Enter');
    await expect(dialog.getByTestId('add-s3-checking')).toContainText(
      's3://stream-lens-e2e-no-such-bucket/data/chatbot/',
    );
    await expect(dialog.getByTestId('add-s3-submit')).toBeDisabled();
    await shot(page, 'add-s3-checking');

    const error = dialog.getByTestId('add-s3-error');
    await expect(error).toBeVisible({ timeout: 45_000 });
    await expect(error).toContainText('Could not add the bucket');
    await expect(error).toContainText('Cannot reach http://127.0.0.1:9');
    await expect(error).toContainText('s3://stream-lens-e2e-no-such-bucket/data/chatbot/');
    await expect(dialog.getByTestId('add-s3-checking')).toBeHidden();
    await expect(dialog.getByTestId('add-s3-submit')).toBeEnabled();
    await shot(page, 'add-s3-error');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'add-s3-error-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await dialog.getByTestId('add-s3-cancel').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('add-s3')).toBeFocused();
    await expect(page.getByTestId('sidebar-source')).toHaveCount(0);
    await expect(page.getByTestId('no-sources')).toBeVisible();
  });
});

/** Fires a drop on the page carrying `data` (type → text), as a file manager or terminal would. */
async function dropOnPage(page: Page, data: Record<string, string>): Promise<void> {
  await page.evaluate(`(() => {
    const data = ${JSON.stringify(data)};
    const transfer = new DataTransfer();
    for (const [type, text] of Object.entries(data)) transfer.setData(type, text);
    for (const type of ['dragenter', 'dragover', 'drop'])
      document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  })()`);
}

test('dropping a folder onto the window opens it; a drop without a path says what to do', async ({
  page,
}) => {
  await withEmptyLibrary(page, async () => {
    await dropOnPage(page, { 'text/plain': 'just some words' });
    await expect(page.getByTestId('drop-message')).toContainText('use “+ Folder” and type the path');

    const folder = fileURLToPath(new URL('../fixtures/burr-logs/local/async-agent', import.meta.url));
    await dropOnPage(page, { 'text/uri-list': `file://${folder}` });
    await expect(page.getByTestId('drop-message')).toContainText(`Opening ${folder}`);
    await expect(page.locator(`[data-testid="sidebar-source"][data-location="${folder}"]`)).toBeVisible();
    await expect(page.locator('[data-testid="sidebar-project"][data-project="async-agent"]')).toBeVisible();
    await shot(page, 'dropped-folder');
  });
});
