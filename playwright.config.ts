import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './test/e2e/find-chromium';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // A stray test.only must not silently skip the rest on CI.
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  // A failure that passes on retry leaves a trace to open with `npx playwright show-trace`.
  use: { trace: 'on-first-retry' },
  projects: [
    {
      name: 'browser',
      testMatch: /app\.spec\.ts$|.*\.browser\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1440, height: 900 },
        launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
  globalSetup: './test/e2e/global-setup.ts',
});
