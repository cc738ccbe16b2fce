import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../core/report/render-html';
import { buildReport } from '../core/report/report-model';
import { HOSTILE, row } from '../core/report/report-test-fixtures';
import { writePrintableReport } from './pdf-source';

/** Chromium refuses URLs longer than this: the old data: URL path failed past it. */
const CHROMIUM_MAX_URL_CHARS = 2 * 1024 * 1024;

describe('the report a PDF is printed from', () => {
  it('goes through a private temporary file, whole, even for a 6,000-app report', async () => {
    const streams = Array.from({ length: 6_000 * 3 }, (_, i) =>
      row({
        app_id: `app-${Math.floor(i / 3)}-${HOSTILE[i % HOSTILE.length]}`,
        ttft_ms: 100 + (i % 97),
        generation_ms: 400 + (i % 113),
        consumer_ms: 20 + (i % 7),
      }),
    );
    const html = renderHtml(
      buildReport(streams, { groupBy: 'app', selection: {}, generatedAt: new Date('2026-12-01T00:00:00Z') }),
    );
    // As a base64 data: URL it would be 4/3 of this: far past what Chromium loads.
    expect(Buffer.byteLength(html) * (4 / 3)).toBeGreaterThan(CHROMIUM_MAX_URL_CHARS);

    const report = await writePrintableReport(html);
    expect(path.dirname(path.dirname(report.file))).toBe(os.tmpdir());
    expect(readFileSync(report.file, 'utf8')).toBe(html);
    if (process.platform !== 'win32') {
      expect(statSync(report.file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(report.file)).mode & 0o777).toBe(0o700);
    }
    await report.dispose();
    expect(existsSync(path.dirname(report.file))).toBe(false);
    await report.dispose(); // twice is fine
  });

  it('gives every report its own folder', async () => {
    const [a, b] = await Promise.all([writePrintableReport('<p>a</p>'), writePrintableReport('<p>b</p>')]);
    expect(path.dirname(a.file)).not.toBe(path.dirname(b.file));
    await Promise.all([a.dispose(), b.dispose()]);
  });
});
