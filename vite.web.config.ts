import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/*
 * The renderer built as a plain web app for the `serve` host (and for Playwright). The Electron
 * build uses electron-vite with the same root; this config exists so the browser host does not
 * need Electron tooling. base './' keeps asset URLs relative, so the page works under any prefix.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
  },
});
