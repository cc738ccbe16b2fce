import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type StoreDatabase } from '../../src/core/store/open-store';

export const FIXTURES = path.resolve(__dirname, '../fixtures/burr-logs');
export const LOCAL = path.join(FIXTURES, 'local');
export const S3_DOWNLOAD = path.join(FIXTURES, 's3-download');

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
