import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type StoreDatabase } from '../../src/core/store/open-store';

export const FIXTURES = path.resolve(__dirname, '../fixtures/burr-logs');
export const LOCAL = path.join(FIXTURES, 'local');
export const S3_DOWNLOAD = path.join(FIXTURES, 's3-download');

/**
 * Counts per project read off the real Burr fixtures (test/fixtures/burr-logs/README.md:
 * 80 streams, 56 timed, 228 steps, 2 failed, 272 attributes, 136 spans in local + s3).
 */
export const FIXTURE_COUNTS = {
  'async-agent': {
    apps: 4,
    steps: 24,
    streams: 12,
    failed_streams: 0,
    timed_streams: 12,
    spans: 0,
    attributes: 0,
  },
  'chatbot-legacy': {
    apps: 4,
    steps: 36,
    streams: 12,
    failed_streams: 0,
    timed_streams: 0,
    spans: 24,
    attributes: 48,
  },
  'chatbot-models': {
    apps: 16,
    steps: 132,
    streams: 44,
    failed_streams: 2,
    timed_streams: 44,
    spans: 88,
    attributes: 176,
  },
  'chatbot-s3': {
    apps: 4,
    steps: 36,
    streams: 12,
    failed_streams: 0,
    timed_streams: 0,
    spans: 24,
    attributes: 48,
  },
} as const;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

/** A fresh folder removed after the test. */
export function tempDir(prefix = 'stream-lens-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real SQLite file in a temporary folder, closed after the test. */
export function tempStore(): { db: StoreDatabase; file: string } {
  const file = path.join(tempDir('stream-lens-db-'), 'test.db');
  const db = openStore(file);
  cleanups.push(() => {
    if (db.open) db.close();
  });
  return { db, file };
}

/** A writable copy of a fixture folder (the originals are never touched). */
export function copyFixture(relative: string): string {
  const target = path.join(tempDir('stream-lens-fx-'), path.basename(relative));
  cpSync(path.join(FIXTURES, relative), target, { recursive: true });
  return target;
}
