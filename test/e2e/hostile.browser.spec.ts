import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { FIXTURE_ROOTS, startServeOnFixtures } from './serve-fixtures';

/**
 * Strings from logs are data, never markup or formulas: a Burr tree whose app
 * ids, action name and exception text carry script, HTML, javascript: and
 * spreadsheet-formula payloads goes through the real import, the app and every
 * export. No dialog may fire, the text shows literally, the CSV parses back
 * with no cell starting with a formula character, Markdown tables keep shape.
 */
const APP_IDS = ['<img src=x onerror=alert(1)>', '=HYPERLINK("http:\\\\x","y")', 'javascript:alert(1)'];
const ACTION = '<script>alert(1)</script>';
const EXCEPTION = 'Traceback: </script><script>alert(2)</script> =HYPERLINK("http://x","y") @SUM(1)';

let server: Awaited<ReturnType<typeof startServeOnFixtures>>;
let work: string;

test.beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-hostile-'));
  // A real failing app's log (step 5 raised mid-stream), with the payloads written in.
  const source = readFileSync(
    path.join(FIXTURE_ROOTS[0] as string, 'chatbot-models', 'fast-model-run-03-9b453d', 'log.jsonl'),
    'utf8',
  );
  const log = source
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      if (o.action === 'respond') o.action = ACTION;
      if (typeof o.exception === 'string') o.exception = EXCEPTION;
      return JSON.stringify(o);
    })
    .join('\n');
  for (const appId of APP_IDS) {
    const dir = path.join(work, 'evil-project', appId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'log.jsonl'), `${log}\n`);
  }
  server = await startServeOnFixtures([work]);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

function failOnDialog(page: Page): void {
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog fired: ${dialog.message()}`);
  });
}

async function exportAs(page: Page, label: string, dir: string): Promise<string> {
  await page.keyboard.press('Control+e');
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-format').getByRole('button', { name: label }).click();
  const download = page.waitForEvent('download');
  await dialog.getByTestId('export-submit').click();
  const file = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(file);
  await expect(dialog).toBeHidden();
  return readFileSync(file, 'utf8');
}

/** RFC 4180, enough for this check. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

test('hostile strings from logs stay text in the app and in every export', async ({ page }) => {
  failOnDialog(page);
  const downloads = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-hostile-dl-'));
  await page.goto(server.url);
  const project = page.locator('[data-testid="sidebar-project"][data-project="evil-project"]');
  await project.getByTestId('sidebar-project-row').click();
  await expect(page.getByTestId('tile-streams-value')).toHaveText('6');
  await expect(page.getByText(APP_IDS[0] as string).first()).toBeVisible();

  const csv = await exportAs(page, 'CSV', downloads);
  const cells = parseCsv(csv).flat();
  for (const cell of cells)
    expect(cell, `CSV cell ${JSON.stringify(cell)}`).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
  for (const appId of APP_IDS) expect(cells.map((c) => c.replace(/^'/, ''))).toContain(appId);
  expect(cells.map((c) => c.replace(/^'/, ''))).toContain(ACTION);

  const md = await exportAs(page, 'Markdown', downloads);
  for (const table of md.split('\n\n').filter((block) => block.startsWith('|'))) {
    const widths = table.split('\n').map((line) => line.replace(/\\\|/g, '').split('|').length);
    expect(new Set(widths).size, `a Markdown table lost its shape:\n${table}`).toBe(1);
  }

  const html = await exportAs(page, 'HTML', downloads);
  // Raw tags or handlers inside a tag would be live; the same words as escaped text are not.
  expect(html).not.toMatch(/<script|<img|<[^>]*\bon\w+=|href="javascript:/i);
  const report = await page.context().newPage();
  failOnDialog(report);
  await report.goto(
    `file://${path.join(downloads, (await import('node:fs')).readdirSync(downloads).find((f) => f.endsWith('.html')) as string)}`,
  );
  await expect(report.getByText(APP_IDS[0] as string).first()).toBeVisible();
  await expect(report.getByText(ACTION).first()).toBeVisible();
  mkdirSync(path.join('test-results', 'screenshots'), { recursive: true });
  await report.screenshot({
    path: path.join('test-results', 'screenshots', 'html-report-hostile.png'),
    fullPage: true,
  });
  await report.close();
  rmSync(downloads, { recursive: true, force: true });
});
