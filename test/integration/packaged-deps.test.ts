import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Only what the built app loads at run time is in `dependencies` (issue 12 item 4): on a copy of
// the built tree pruned with `npm prune --omit=dev`, the CLI imports and reports, and every
// package the main-process and CLI bundles load still resolves.

const ROOT = path.resolve(__dirname, '../..');
let tree: string;

/** Bare package names the bundles import or require at run time (built-ins and electron aside). */
function bundleRequires(dirs: readonly string[]): string[] {
  const found = new Set<string>();
  const pattern =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']((?:@[\w.-]+\/)?\w[\w.-]*(?:\/[\w./-]+)?)["']/g;
  for (const dir of dirs) {
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js') && !file.endsWith('.cjs')) continue;
      for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(pattern)) {
        const spec = m[1] as string;
        if (isBuiltin(spec) || spec === 'electron') continue;
        found.add(
          spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string),
        );
      }
    }
  }
  return [...found].sort();
}

beforeAll(() => {
  // The bundles as `npm install` (prepare) and `npm run build` leave them.
  if (!existsSync(path.join(ROOT, 'out', 'cli', 'main.js')))
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
  if (!existsSync(path.join(ROOT, 'out', 'main', 'index.js')))
    execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore' });
  // Not tempDir(): that one is removed after each test, and the three tests share this tree.
  tree = mkdtempSync(path.join(os.tmpdir(), 'stream-lens-packaged-'));
  for (const item of [
    'package.json',
    'package-lock.json',
    'bin',
    'out/cli',
    'out/main',
    'resources/sample-logs',
  ])
    cpSync(path.join(ROOT, item), path.join(tree, item), { recursive: true });
  // Hard links: fast, and prune only unlinks. The one file npm rewrites is copied for real.
  execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules')]);
  rmSync(path.join(tree, 'node_modules', '.package-lock.json'), { force: true });
  execFileSync('npm', ['prune', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: tree,
    stdio: 'ignore',
  });
}, 180_000);

afterAll(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
});

describe('the production dependencies', () => {
  it('are better-sqlite3 and what it needs, nothing the bundles already hold', () => {
    const installed = (name: string) => existsSync(path.join(tree, 'node_modules', name, 'package.json'));
    expect(installed('better-sqlite3')).toBe(true);
    for (const bundled of [
      'react',
      'react-dom',
      'recharts',
      'zod',
      'tsx',
      'esbuild',
      '@aws-sdk/client-s3',
      'electron',
    ])
      expect(installed(bundled), bundled).toBe(false);
  });

  it('are enough for every package the main-process and CLI bundles load', () => {
    const wanted = bundleRequires([path.join(tree, 'out', 'main'), path.join(tree, 'out', 'cli')]);
    expect(wanted).toContain('better-sqlite3');
    // A name that does not resolve in the full development tree either is an optional extra the
    // bundle probes for in a try/catch (e.g. the AWS SDK's @aws-sdk/signature-v4-crt).
    const resolvesFrom = (dir: string, spec: string) => {
      try {
        createRequire(path.join(dir, 'package.json')).resolve(spec);
        return true;
      } catch {
        return false;
      }
    };
    const loaded = wanted.filter((spec) => resolvesFrom(ROOT, spec));
    expect(loaded).toContain('better-sqlite3');
    for (const spec of loaded) expect(resolvesFrom(tree, spec), spec).toBe(true);
  });

  it('run the CLI: import and report on the samples', () => {
    const db = path.join(tree, 'pruned.db');
    const imported = spawnSync(
      'node',
      ['bin/stream-lens.mjs', 'import', 'resources/sample-logs', '--db', db, '--json'],
      {
        cwd: tree,
        encoding: 'utf8',
      },
    );
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(Object.keys(JSON.parse(imported.stdout).projects).length).toBeGreaterThan(0);
    const report = spawnSync(
      process.execPath,
      ['bin/stream-lens.mjs', 'report', '--db', db, '--format', 'json'],
      {
        cwd: tree,
        encoding: 'utf8',
      },
    );
    expect(report.status).toBe(0);
    expect(JSON.parse(report.stdout).groups.length).toBeGreaterThan(0);
  });
});
