/**
 * Self-check of the benchmark tooling: generate (or reuse) a corpus, re-count it by parsing,
 * and measure the read+parse ceiling with its peak memory.
 *
 * npx tsx bench/self-check.ts [--dir /tmp/sl-bench] [--mb 20] [--seed 1] [--runs 3]
 */
import { generateCorpus } from './generate-corpus';
import { measurePeakRss, runWithPeakRss } from './measure';
import { measureReadParseCeiling } from './read-parse-ceiling';
import { verifyCorpus } from './verify-corpus';

const argv = process.argv.slice(2);
const get = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
};
const dir = get('--dir', '/tmp/sl-bench');
const mb = Number(get('--mb', '20'));
const seed = Number(get('--seed', '1'));
const runs = Number(get('--runs', '3'));
const mib = (bytes: number) => Math.round(bytes / 1048576);

const manifest = generateCorpus({ dir, targetBytes: mb * 1e6, seed });
const verify = verifyCorpus(dir, manifest);
const ceiling = await measurePeakRss(() => measureReadParseCeiling(dir, { runs }));
// The same loop in a fresh process, as the importer will run: cold JIT, its own heap.
const child = await runWithPeakRss(process.execPath, [
  '--import',
  'tsx',
  new URL('./read-parse-ceiling.ts', import.meta.url).pathname,
  dir,
]);
const childCeiling = JSON.parse(child.stdout) as { mbPerS: number; seconds: number };

const summary = {
  corpus: {
    dir,
    mb: manifest.bytes / 1e6,
    files: manifest.files,
    lines: manifest.lines,
    apps: manifest.apps,
    streams: manifest.streams,
    reused: manifest.generation.reused,
    generationSeconds: manifest.generation.seconds,
    generationMbPerS: manifest.generation.mbPerS,
  },
  verify: { ok: verify.ok, problems: verify.problems, seconds: verify.seconds },
  ceiling: {
    mbPerS: ceiling.result.mbPerS,
    linesPerS: ceiling.result.linesPerS,
    seconds: ceiling.result.seconds,
    runSeconds: ceiling.result.runSeconds,
    peakRssMiB: mib(ceiling.peakRssBytes),
  },
  ceilingInChild: {
    mbPerS: childCeiling.mbPerS,
    seconds: childCeiling.seconds,
    peakRssMiB: mib(child.peakRssBytes),
  },
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
if (!verify.ok) process.exitCode = 1;
