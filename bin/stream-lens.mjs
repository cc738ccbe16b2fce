#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx stream-lens` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// serve keeps running; every other command exits with its code.
if (code !== null && code !== undefined) process.exitCode = code;
