#!/usr/bin/env node
// Runs the CLI's JavaScript build (out/cli, made by `npm install` / `npm run build`). In a
// checkout whose sources are newer than the build, rebuilds it first (esbuild, under a second).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'out', 'cli', 'main.js');
if (existsSync(path.join(root, 'src', 'cli', 'main.ts'))) {
  const build = await import('../scripts/build-cli.mjs');
  if (build.cliBuildIsStale()) await build.buildCli();
}
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2));
// serve keeps running; every other command exits with its code.
if (code !== null && code !== undefined) process.exitCode = code;
