import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CliError, EXIT } from './exit-codes';

/**
 * `serve` needs the web build of the renderer (out/renderer). From a fresh clone it is not
 * there yet, and after a `git pull` it may be older than the sources: rather than send the
 * user to another command, build it here (about two seconds) when the sources and the build
 * tools are present. An installed package without sources just uses what it ships.
 */
const SOURCE_DIRS = ['src/renderer', 'src/shared'];
const WEB_CONFIG = 'vite.web.config.ts';

export function ensureRendererBuilt(
  projectRoot: string,
  rendererDir: string,
  log: (line: string) => void,
): void {
  const index = path.join(rendererDir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : null;
  const sources = SOURCE_DIRS.map((d) => path.join(projectRoot, d)).filter((d) => existsSync(d));
  const canBuild = sources.length > 0 && existsSync(path.join(projectRoot, WEB_CONFIG));
  if (built !== null && (!canBuild || newestMtime(sources) <= built)) return;
  const vite = canBuild ? viteBin(projectRoot) : null;
  if (!vite) {
    if (built !== null) return; // stale but nothing to rebuild it with: serve what there is
    throw new CliError(
      `The renderer is not built (${rendererDir}). Run: npm run build:web`,
      EXIT.unreadableInput,
    );
  }
  log(built === null ? 'Building the app for the browser (first run)…' : 'The app changed: rebuilding it…');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', WEB_CONFIG, '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(index)) {
    throw new CliError(
      'Building the renderer failed (see above). Try: npm run build:web',
      EXIT.unreadableInput,
    );
  }
}

function viteBin(projectRoot: string): string | null {
  try {
    const require = createRequire(path.join(projectRoot, 'package.json'));
    const bin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** The newest modification time of any file under the folders. */
function newestMtime(dirs: readonly string[]): number {
  let newest = 0;
  const stack = [...dirs];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}
