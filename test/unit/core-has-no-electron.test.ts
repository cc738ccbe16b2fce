import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The core runs in three hosts (Electron, the CLI, the HTTP `serve` host), so
 * it must never import Electron: `npx stream-lens` would try to load a
 * multi-hundred-MB runtime, or fail where none is installed. The CLI and the
 * shared contract are held to the same rule, for the same reason.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const ELECTRON_FREE_DIRS = ['src/core', 'src/shared', 'src/cli'];
const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

// import … from 'electron' | import 'electron' | import('electron') | require('electron') | export … from 'electron', plus 'electron/…' subpaths.
const ELECTRON_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"`])electron(?:\/[^'"`]*)?\1/;

function sourceFiles(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return SOURCE_FILE.test(entry.name) ? [full] : [];
  });
}

/** Line numbers of Electron imports, ignoring whole-line comments so a comment that mentions electron is fine. */
function electronImports(text: string): number[] {
  return text.split('\n').flatMap((line, index) => {
    const code = line.trim();
    if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return [];
    return ELECTRON_IMPORT.test(line) ? [index + 1] : [];
  });
}

describe('the core has no Electron dependency', () => {
  it('the import pattern catches every form of importing electron', () => {
    for (const line of [
      "import { app } from 'electron';",
      'import electron from "electron"',
      "import 'electron';",
      "const { ipcMain } = require('electron');",
      "const m = await import('electron');",
      "export { app } from 'electron';",
      "import type { IpcMain } from 'electron';",
      "import { ipcRenderer } from 'electron/renderer';",
    ]) {
      expect(electronImports(line), line).toEqual([1]);
    }
    for (const line of [
      "import { build } from 'electron-vite';",
      "import { rebuild } from '@electron/rebuild';",
      '// no electron here: see require("electron") in src/main',
      "const label = 'electron';",
    ]) {
      expect(electronImports(line), line).toEqual([]);
    }
  });

  it('scans a non-empty src/core', () => {
    expect(sourceFiles(path.join(ROOT, 'src/core')).length).toBeGreaterThan(0);
  });

  it.each(ELECTRON_FREE_DIRS)('no file under %s imports electron', (dir) => {
    const offenders = sourceFiles(path.join(ROOT, dir)).flatMap((file) =>
      electronImports(readFileSync(file, 'utf8')).map((line) => `${path.relative(ROOT, file)}:${line}`),
    );
    expect(
      offenders,
      `These files import 'electron'; keep Electron in src/main and src/preload only`,
    ).toEqual([]);
  });
});
