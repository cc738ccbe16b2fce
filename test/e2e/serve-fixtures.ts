import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin', 'stream-lens.mjs');
export const FIXTURE_ROOTS = ['local', 's3-download'].map((p) =>
  path.join(ROOT, 'test', 'fixtures', 'burr-logs', p),
);

/**
 * Starts `stream-lens serve` on a fresh database holding the real fixtures,
 * the way a user would run it: import first (so the views have data at once),
 * then serve, reading the token URL it prints.
 */
export async function startServeOnFixtures(
  roots: readonly string[] = FIXTURE_ROOTS,
): Promise<{ url: string; databasePath: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-e2e-'));
  const databasePath = path.join(dir, 'e2e.db');
  execFileSync(process.execPath, [CLI, 'import', ...roots, '--db', databasePath, '--json'], {
    stdio: 'ignore',
  });
  const server = await startServeOnDatabase(databasePath);
  return {
    ...server,
    // After the server has exited: at close it saves its views next to the database, in this folder.
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `stream-lens serve` on an existing database (nothing imported, nothing watched). */
export async function startServeOnDatabase(
  databasePath: string,
): Promise<{ url: string; databasePath: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--db', databasePath, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in time:\n${out}`)), 30_000);
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
  return {
    url,
    databasePath,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then resolves once the process has exited (SIGKILL if it has not within 10 s). */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
