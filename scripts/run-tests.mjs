#!/usr/bin/env node
// `npm test`: every layer, in order — types and lint, core/contract (Vitest), then the built
// renderer in real Chromium through `serve` (Playwright), then the Electron
// shell (Playwright `_electron`; skips itself where no Electron binary exists).
import { spawnSync } from 'node:child_process';

const run = (label, command, args) => {
  process.stdout.write(`\n=== ${label} ===\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status ?? 1;
};

const results = [
  ['typecheck', run('typecheck', 'npm', ['run', '--silent', 'typecheck'])],
  ['lint (biome)', run('lint (biome)', 'npx', ['biome', 'check', 'src', 'test', 'bench', 'scripts'])],
  ['unit and integration (vitest)', run('unit and integration (vitest)', 'npx', ['vitest', 'run'])],
  [
    'renderer build',
    run('renderer build', 'npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']),
  ],
];
if (results.every(([, code]) => code === 0)) {
  results.push(['end to end (playwright)', run('end to end (playwright)', 'npx', ['playwright', 'test'])]);
}
const failed = results.filter(([, code]) => code !== 0);
process.stdout.write(
  `\n${results.map(([label, code]) => `${code === 0 ? 'ok  ' : 'FAIL'} ${label}`).join('\n')}\n`,
);
process.exit(failed.length === 0 ? 0 : 1);
