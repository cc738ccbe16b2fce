import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURE_ROOTS, startServeOnFixtures } from './serve-fixtures';

/**
 * Live folders in the browser: `serve` watches the folders it opened; a
 * stream appended to a log shows in the open dashboard within a second.
 * Runs on its own copy of the fixtures (and its own serve), so the numbers
 * the other specs assert stay as they are.
 */
let server: Awaited<ReturnType<typeof startServeOnFixtures>>;
let root: string;

test.beforeAll(async () => {
  root = path.join(mkdtempSync(path.join(os.tmpdir(), 'stream-lens-live-')), 'burr');
  cpSync(path.join(FIXTURE_ROOTS[0] as string, 'async-agent'), path.join(root, 'async-agent'), {
    recursive: true,
  });
  server = await startServeOnFixtures([root]);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(path.dirname(root), { recursive: true, force: true });
});

/** agent-00's first streaming step, renumbered: begin_entry … end_stream … end_entry. */
function appendedStep(seq: number): string {
  const lines = readFileSync(path.join(root, 'async-agent', 'agent-00', 'log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const end = objects.findIndex((o) => o.type === 'end_entry');
  return `${objects
    .slice(0, end + 1)
    .map((o) =>
      JSON.stringify({
        ...o,
        ...('sequence_id' in o ? { sequence_id: seq } : {}),
        ...('action_sequence_id' in o ? { action_sequence_id: seq } : {}),
      }),
    )
    .join('\n')}\n`;
}

test('a stream appended to a watched log appears in the open dashboard within a second', async ({ page }) => {
  await page.goto(server.url);
  await page
    .locator('[data-testid="sidebar-project"][data-project="async-agent"]')
    .getByTestId('sidebar-project-row')
    .click();
  await expect(page.getByTestId('tile-streams-value')).toHaveText('12');
  const before = performance.now();
  appendFileSync(path.join(root, 'async-agent', 'agent-00', 'log.jsonl'), appendedStep(500));
  try {
    await expect(page.getByTestId('tile-streams-value')).toHaveText('13', { timeout: 5000 });
  } catch (error) {
    // Which side missed the append, for the next one who sees this fail: the host's answer now.
    const hostStreams = await page.evaluate(async () => {
      const res = await fetch('/api/dashboard:get', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filter: {}, ttftLog: false, splitSort: 'total' }),
      });
      return ((await res.json()) as { result?: { counts: { streams: number } } }).result?.counts.streams;
    });
    throw new Error(
      `${(error as Error).message}\nThe host answers ${hostStreams} streams now: 13 means the page missed the ` +
        'change event or its refetch; 12 means the host has not imported the append (its watch missed it).',
    );
  }
  const seenMs = performance.now() - before;
  test.info().annotations.push({ type: 'live latency', description: `${seenMs.toFixed(0)} ms` });
  console.log(`live latency, append to dashboard: ${seenMs.toFixed(0)} ms`);
  // The budget is one second; a busy CI machine (two cores shared with the test runner) gets twice that.
  expect(seenMs).toBeLessThan(process.env.CI ? 2000 : 1000);
});
