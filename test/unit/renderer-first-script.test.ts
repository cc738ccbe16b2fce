import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/*
 * What the page evaluates before its first request to the core: the entry chunk and the chunks it
 * imports statically. recharts (about 40% of the page's script) is left to a chunk loaded after
 * (charts/lazy-charts.tsx), and the contract module (which builds every schema of the protocol when
 * evaluated) to none: the page reads only its types (api/http-api.ts). A static import of either
 * from anything the entry reaches would put it back in front of the first request. esbuild splits
 * by the same rule the app's build does (static imports in the chunk, dynamic ones out).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(ROOT, 'src/renderer/src/main.tsx');

async function bundleWithChunks(): Promise<Metafile> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    splitting: true,
    format: 'esm',
    write: false,
    outdir: path.join(ROOT, 'out', '.first-script-check'),
    metafile: true,
    jsx: 'automatic',
    loader: { '.css': 'empty' },
    // Left out of the bundle, so each chunk that imports it says so (esbuild would otherwise keep
    // modules of it that the app's build tree-shakes away).
    external: ['recharts'],
    logLevel: 'silent',
  });
  return result.metafile;
}

/**
 * The modules of `output` and of every chunk it imports statically, transitively (those that left
 * code in them), and the external packages they import.
 */
function staticReach(meta: Metafile, output: string): { inputs: string[]; externals: string[] } {
  const inputs = new Set<string>();
  const externals = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const out = meta.outputs[file];
    if (!out) return;
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs))
      if (bytesInOutput > 0) inputs.add(input);
    for (const imported of out.imports) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) externals.add(imported.path);
      else visit(imported.path);
    }
  };
  visit(output);
  return { inputs: [...inputs], externals: [...externals] };
}

describe("the page's first script", () => {
  it('holds neither recharts (a later chunk has it) nor the contract', async () => {
    const meta = await bundleWithChunks();
    const entry = Object.entries(meta.outputs).find(([, o]) => o.entryPoint !== undefined)?.[0];
    expect(entry).toBeDefined();
    const first = staticReach(meta, entry as string);
    const later = Object.values(meta.outputs);
    // The check can see what it looks for: a later chunk imports recharts, and the entry's modules
    // include src/shared ones (filter.ts, which the address decoding needs).
    expect(later.some((o) => o.imports.some((i) => i.external && i.path === 'recharts'))).toBe(true);
    expect(first.inputs.some((f) => f.endsWith('src/shared/filter.ts'))).toBe(true);
    expect(first.inputs.some((f) => f.includes('node_modules/react-dom/'))).toBe(true);
    expect(first.externals).toEqual([]);
    expect(first.inputs.filter((f) => f.endsWith('src/shared/contract.ts'))).toEqual([]);
  }, 60_000);
});
