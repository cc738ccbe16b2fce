import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * `electron-vite dev` only: React Fast Refresh injects an inline preamble
 * script that the page's strict <meta> CSP would block. In dev the main
 * process sends a CSP header relaxed just for that (and the HMR websocket);
 * built output keeps the meta tag and gets the strict header.
 */
function dropMetaCspInDev(): Plugin {
  return {
    name: 'stream-lens:drop-meta-csp-in-dev',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(/<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>\s*/i, ''),
  };
}

/**
 * Three builds (main, preload, renderer) into out/. The import worker is not
 * listed here: src/main/import-runner.ts imports it with `?modulePath`, and
 * electron-vite bundles it as a separate file with the main config and hands
 * main its path.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Bundle every dependency except the native one, so out/main (unpacked from the asar for the worker thread)
      // is self-contained and better-sqlite3 is loaded from node_modules with the Electron-ABI binding.
      // `input`, not `lib.entry`: the `?modulePath` sub-build inherits this config and lib mode would add a UMD output.
      externalizeDeps: false,
      rolldownOptions: { input: { index: resolve(root, 'src/main/index.ts') }, external: ['better-sqlite3'] },
      sourcemap: true,
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only 'electron' and a few built-ins: bundle the contract and zod into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
      sourcemap: true,
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react(), dropMetaCspInDev()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src/renderer/index.html') },
      // electron-vite leaves the renderer unminified by default: 2.2 MB of script instead of 0.9 MB
      // for the window to parse before it shows anything. The source maps serve a run from a
      // checkout (`npm start`); the packaged app leaves them out (electron-builder.yml).
      minify: true,
      sourcemap: true,
    },
  },
});
