import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file under `dir` whose name ends with `suffix` (or one of them), sorted, so that
 * runs visit files in the same order (readdir order differs between file systems).
 */
export function listFiles(dir: string, suffix: string | readonly string[]): string[] {
  const suffixes = typeof suffix === 'string' ? [suffix] : suffix;
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && suffixes.some((x) => entry.name.endsWith(x))) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}
