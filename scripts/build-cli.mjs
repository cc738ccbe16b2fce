#!/usr/bin/env node
/**
 * Builds the CLI and its worker threads into plain JavaScript (out/cli/), so `stream-lens`
 * starts without compiling TypeScript: `npm install` runs it (prepare), `npm run build` too,
 * and bin/stream-lens.mjs runs it again when a source is newer than the build (a checkout).
 *
 * ESM with code splitting: each command's code (and the AWS SDK, which only S3 work needs)
 * is a chunk loaded when used, so `--help` parses almost nothing. The workers sit next to
 * main.js under the names the core looks for (`./import-worker.js` etc. beside import.meta.url).
 * better-sqlite3 stays outside: a native module, loaded from node_modules.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
export const CLI_OUT = path.join(ROOT, 'out', 'cli');
export const CLI_ENTRY = path.join(CLI_OUT, 'main.js');
const SOURCE_DIRS = ['src/cli', 'src/core', 'src/shared'].map((d) => path.join(ROOT, d));

const ENTRIES = {
  main: 'src/cli/main.ts',
  'import-worker': 'src/core/importer/import-worker.ts',
  'reader-worker': 'src/core/importer/reader-worker.ts',
  'facts-snapshot-worker': 'src/core/store/facts-snapshot-worker.ts',
  'change-points-worker': 'src/core/metrics/change-points-worker.ts',
  'moments-worker': 'src/core/metrics/moments-worker.ts',
};

/**
 * Builds into a private folder, then moves the files in (chunks first, entries last, each
 * rename atomic), so a CLI starting meanwhile in another process never loads half a build.
 * `clean` (npm run build) also removes the chunks of earlier builds.
 */
export async function buildCli({ clean = false } = {}) {
  const esbuild = await import('esbuild');
  const staging = `${CLI_OUT}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).map(([name, src]) => [name, path.join(ROOT, src)]),
    ),
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3'],
    // Beside the entries: the core finds its workers next to `import.meta.url`, which in shared code is a chunk's.
    chunkNames: '[name]-[hash]',
    // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __slCreateRequire } from 'node:module'; const require = __slCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  if (clean) rmSync(CLI_OUT, { recursive: true, force: true });
  mkdirSync(CLI_OUT, { recursive: true });
  const entries = new Set(Object.keys(ENTRIES).map((name) => `${name}.js`));
  const files = readdirSync(staging).sort((a, b) => Number(entries.has(a)) - Number(entries.has(b)));
  for (const file of files) renameSync(path.join(staging, file), path.join(CLI_OUT, file));
  rmSync(staging, { recursive: true, force: true });
}

/** Whether out/cli is missing or older than a source it is built from (a checkout, after an edit). */
export function cliBuildIsStale() {
  if (!existsSync(CLI_ENTRY)) return true;
  const built = statSync(CLI_ENTRY).mtimeMs;
  const stack = SOURCE_DIRS.filter((d) => existsSync(d));
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() && !entry.name.endsWith('.test.ts') && statSync(full).mtimeMs > built)
        return true;
    }
  }
  return false;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildCli({ clean: true });
  console.log(`Built the CLI into ${path.relative(process.cwd(), CLI_OUT) || '.'}`);
}
