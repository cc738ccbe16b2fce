import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The renderer talks to the core only through the contract (`window.api`): what it shares with
 * the core (formatting, metric descriptions, schemas and their types) lives in src/shared. An
 * import that reaches into src/core would pull Node code into the page and tie the two together.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER = path.join(ROOT, 'src/renderer');
const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
// Every module specifier: `from '…'`, `import '…'`, `import('…')`, `require('…')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"`])([^'"`]+)\1/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return SOURCE_FILE.test(entry.name) ? [full] : [];
  });
}

/** The relative specifiers of a file that resolve into src/core. */
function coreImports(file: string, text: string): string[] {
  const core = path.join(ROOT, 'src/core') + path.sep;
  return [...text.matchAll(SPECIFIER)]
    .map((m) => m[2] as string)
    .filter((spec) => spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(core));
}

describe('the renderer imports nothing from src/core', () => {
  it('the check sees a relative import into src/core, and not one into src/shared', () => {
    const file = path.join(RENDERER, 'src/views/x/y.tsx');
    expect(coreImports(file, "import { f } from '../../../../core/metrics/format';")).toEqual([
      '../../../../core/metrics/format',
    ]);
    expect(coreImports(file, "import type { T } from '../../../../shared/contract';")).toEqual([]);
    expect(coreImports(file, "const m = await import('../../../../core/service');")).toHaveLength(1);
  });

  it('no file under src/renderer does', () => {
    const files = sourceFiles(RENDERER);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      coreImports(file, readFileSync(file, 'utf8')).map((spec) => `${path.relative(ROOT, file)}: ${spec}`),
    );
    expect(offenders, 'move what the renderer needs into src/shared').toEqual([]);
  });
});
