import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What identifies the running code, for answers saved by one run and reused by the next
 * (saved-views.ts): a saved answer is reused only by the code that computed it.
 * - Built (the app's and the CLI's bundles): a hash of the bundle's bytes, so every rebuild or
 *   update is new code. Not its modification time: Electron's asar archive reports the launch time
 *   as the mtime of every file in it.
 * - Either way with the runtime's versions (Node, V8, Electron): the numbers come from its Math.
 * - From source (tests, benchmarks, `tsx`): the newest modification time and the count of the
 *   TypeScript files under src/core and src/shared, where every computed number comes from.
 * Unreadable: this process's own (pid and time), so nothing another run saved is reused.
 */
export function codeIdentity(moduleUrl: string = import.meta.url): string {
  let identity = identities.get(moduleUrl);
  if (identity === undefined) {
    identity = identify(moduleUrl);
    identities.set(moduleUrl, identity);
  }
  return identity;
}

/** Worked out once per process: the code does not change under a running process. */
const identities = new Map<string, string>();

function identify(moduleUrl: string): string {
  try {
    const file = fileURLToPath(moduleUrl);
    const runtime = `${process.versions.node}/${process.versions.v8}/${process.versions.electron ?? '-'}`;
    if (!file.endsWith('.ts'))
      return `bundle:${createHash('sha256').update(readFileSync(file)).digest('hex')}:${runtime}`;
    const src = path.resolve(path.dirname(file), '..', '..');
    let newest = 0;
    let count = 0;
    for (const dir of ['core', 'shared']) {
      for (const entry of readdirSync(path.join(src, dir), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
        newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
        count++;
      }
    }
    return `source:${count}:${newest}:${runtime}`;
  } catch {
    return `unknown:${process.pid}:${Date.now()}`;
  }
}
