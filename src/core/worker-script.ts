import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Worker threads when Stream Lens runs from its TypeScript sources (the CLI,
 * `serve`, tests, benchmarks). A worker cannot run TypeScript by itself; the
 * tsx wrapper (`*-tsx.mjs`) can, but it compiles every module again in every
 * new thread, about half a second before the worker does anything. So the
 * worker's entry is bundled once into one JavaScript file with esbuild (the
 * compiler tsx itself uses) and kept in a cache, rebuilt whenever one of its
 * source files changes. The desktop build does not need this: electron-vite
 * bundles its workers and hands over their paths.
 *
 * Returns null when no bundle can be made (esbuild missing, a read-only
 * install and temp folder): the caller falls back to the tsx wrapper.
 */
export function bundledWorkerScript(entry: URL): string | null {
  const entryPath = fileURLToPath(entry);
  // Checked once per process: sources do not change under a running import.
  if (!checked.has(entryPath)) checked.set(entryPath, findOrBuild(entryPath));
  return checked.get(entryPath) ?? null;
}

const checked = new Map<string, string | null>();

/**
 * Where to start the worker `<name>` that lives next to the module at `moduleUrl`: the built
 * `<name>.js` (a packaged or built app), else a bundle of `<name>.ts` (from source), else its tsx
 * wrapper `<name>-tsx.mjs`; null when there is none of these.
 */
export function workerScriptNextTo(moduleUrl: string, name: string): string | URL | null {
  const built = new URL(`./${name}.js`, moduleUrl);
  if (existsSync(fileURLToPath(built))) return built;
  const source = new URL(`./${name}.ts`, moduleUrl);
  if (existsSync(fileURLToPath(source))) {
    const bundled = bundledWorkerScript(source);
    if (bundled) return bundled;
  }
  const wrapper = new URL(`./${name}-tsx.mjs`, moduleUrl);
  return existsSync(fileURLToPath(wrapper)) ? wrapper : null;
}

/**
 * A worker's flags: a built or bundled script is plain JavaScript and needs none of this process's
 * (run from source they load tsx's hooks, ~70 ms of a thread's start); a tsx wrapper keeps them.
 */
export function workerExecArgv(script: string | URL): string[] | undefined {
  return String(script).endsWith('-tsx.mjs') ? undefined : [];
}

function findOrBuild(entryPath: string): string | null {
  if (!entryPath.endsWith('.ts')) return null;
  const key = createHash('sha1').update(entryPath).digest('hex').slice(0, 12);
  const name = `${path.basename(entryPath, '.ts')}-${key}`;
  for (const dir of cacheDirs(entryPath)) {
    const script = path.join(dir, `${name}.cjs`);
    const inputsFile = path.join(dir, `${name}.inputs.json`);
    if (isFresh(script, inputsFile)) return script;
    try {
      build(entryPath, dir, script, inputsFile);
      return script;
    } catch {
      // Not writable, or esbuild unavailable: try the next folder, then give up.
    }
  }
  return null;
}

interface InputStamp {
  file: string;
  mtimeMs: number;
  size: number;
}

function isFresh(script: string, inputsFile: string): boolean {
  if (!existsSync(script) || !existsSync(inputsFile)) return false;
  try {
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as InputStamp[];
    return inputs.every((input) => {
      const st = statSync(input.file);
      return st.mtimeMs === input.mtimeMs && st.size === input.size;
    });
  } catch {
    return false;
  }
}

function build(entryPath: string, dir: string, script: string, inputsFile: string): void {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [entryPath],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Native modules stay outside the bundle (loaded from node_modules at run time).
    external: ['better-sqlite3'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles?.[0]?.text;
  if (!code) throw new Error('esbuild produced no output');
  const cwd = process.cwd();
  const inputs: InputStamp[] = Object.keys(result.metafile?.inputs ?? {}).map((input) => {
    const file = path.resolve(cwd, input);
    const st = statSync(file);
    return { file, mtimeMs: st.mtimeMs, size: st.size };
  });
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed, so a process starting the worker at the same moment never sees half a file.
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(script + suffix, code);
  renameSync(script + suffix, script);
  writeFileSync(inputsFile + suffix, JSON.stringify(inputs));
  renameSync(inputsFile + suffix, inputsFile);
}

/** node_modules/.cache next to the sources when there is one, else the temp folder. */
function cacheDirs(entryPath: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.dirname(entryPath); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) {
      dirs.push(path.join(dir, 'node_modules', '.cache', 'stream-lens-workers'));
      break;
    }
  }
  dirs.push(path.join(tmpdir(), 'stream-lens-workers'));
  return dirs;
}
