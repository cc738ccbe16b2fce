import { expect, type Page, test } from '@playwright/test';

/**
 * The renderer's data layer (react-query): an answer is cached by method and request, so going to
 * another view and back shows it without asking the host again; only a data change that concerns
 * a query refetches it (the topic rules are unit-tested in src/renderer/src/api/query-topics.test.ts).
 */

function startUrl(): string {
  const url = process.env.STREAM_LENS_URL ?? test.info().project.use.baseURL;
  if (!url) throw new Error('STREAM_LENS_URL is not set: run through playwright.config.ts.');
  return url;
}

/** Counts the API calls the page makes, per contract method. */
function countCalls(page: Page): Map<string, number> {
  const calls = new Map<string, number>();
  page.on('request', (request) => {
    const method = /\/api\/([a-z:-]+)$/.exec(new URL(request.url()).pathname)?.[1];
    if (method) calls.set(method, (calls.get(method) ?? 0) + 1);
  });
  return calls;
}

test('switching views and back answers from the cache: no second dashboard or problems request', async ({
  page,
}) => {
  const calls = countCalls(page);
  await page.goto(startUrl());
  await expect(page.getByTestId('tile-streams-value')).not.toHaveText('');
  // The dashboard, then the trend's change points in a request of their own.
  await expect.poll(() => calls.get('dashboard:get') ?? 0).toBe(2);
  await page.waitForTimeout(500);
  const dashboards = calls.get('dashboard:get');

  await page.getByTestId('tab-problems').click();
  await expect(page.getByTestId('tab-problems')).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => calls.get('problems:list') ?? 0).toBe(1);
  await page.getByTestId('tab-streams').click();
  await page.getByTestId('tab-dashboard').click();
  await expect(page.getByTestId('tile-streams-value')).not.toHaveText('');
  await page.getByTestId('tab-problems').click();
  await page.getByTestId('tab-dashboard').click();
  await expect(page.getByTestId('tile-streams-value')).not.toHaveText('');

  // Give a stray refetch the time to show up before counting.
  await page.waitForTimeout(500);
  expect(calls.get('dashboard:get')).toBe(dashboards);
  expect(calls.get('problems:list')).toBe(1);
  // The library's lists were asked once, whichever views were open.
  expect(calls.get('sources:list')).toBe(1);
});
