import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The browser for end-to-end tests: $CHROMIUM_PATH, then the system Chromium
 * (Debian's `chromium` package), then Playwright's own download
 * (`npx playwright install chromium` on a normal machine).
 */
export function findChromium(): string | undefined {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    const bundled = chromium.executablePath();
    if (existsSync(bundled)) return undefined; // Playwright finds its own
  } catch {
    // no bundled browser either
  }
  throw new Error(
    'No Chromium found for the browser tests. Install one: `sudo apt-get install chromium` (Debian/Ubuntu), ' +
      '`npx playwright install chromium`, or set CHROMIUM_PATH.',
  );
}

/** Flags for headless Chromium on CI machines: no sandbox as root, and no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
