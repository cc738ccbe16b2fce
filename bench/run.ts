/**
 * `npm run bench [-- --mb 300 --seed 42 --shape both|state-heavy|line-heavy --dir bench/.corpus --runs 3 --only cli]`
 * (best of `runs` for each side)
 *
 * For each corpus shape (bench/generate-corpus.ts: state-heavy = few big lines, line-heavy = many
 * small apps of ~16 lines of a few hundred bytes), import speed as a ratio to a ceiling measured in
 * the same run on the same files: reading every file, splitting lines and JSON.parse of each line,
 * with no storage (bench/read-parse-ceiling.ts). Also lines/s, peak RSS of the importer's process,
 * database size against log bytes, and the exact counts against the generator's manifest.
 * Targets (issue 10): ratio >= 0.8 on both shapes, RSS < 600 MB, database <= 20% of the logs.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureCliStartup, printCliStartup } from './cli-startup';
import { CORPUS_SHAPES, type CorpusShape, generateCorpus } from './generate-corpus';
import { measureReadParseCeiling } from './read-parse-ceiling';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
    dir: { type: 'string', default: path.join(import.meta.dirname, '.corpus') },
    runs: { type: 'string', default: '3' },
    /** `both` (default), or one corpus shape. */
    shape: { type: 'string', default: 'both' },
    /** `cli`: only the CLI start-up figures (no corpus). */
    only: { type: 'string' },
  },
});
if (values.only === 'cli') {
  const cli = measureCliStartup();
  printCliStartup(cli);
  process.exit(cli.ok ? 0 : 1);
}
const mb = Number(values.mb);
const runs = Math.max(1, Number(values.runs));
const shapes: readonly CorpusShape[] =
  values.shape === 'both' ? CORPUS_SHAPES : CORPUS_SHAPES.filter((s) => s === values.shape);
if (shapes.length === 0) throw new Error(`--shape is both, ${CORPUS_SHAPES.join(' or ')}`);

type Ceiling = ReturnType<typeof measureReadParseCeiling>;
interface ChildResult {
  seconds: number;
  peakRssBytes: number;
  summary: {
    bytes: number;
    lines: number;
    quarantined: number;
    projects: Record<string, Record<string, number>>;
  };
}
/**
 * Writes dirty pages out before each measured child: an import leaves tens of MB of database and WAL for
 * the kernel to write back, and that writeback would otherwise run during the next child's measurement
 * (measured: a 300 MB line-heavy ceiling took 9.6-10.1 s right after an import, 6.4-6.9 s alone).
 */
const settleDisk = (): void => {
  if (process.platform !== 'win32') spawnSync('sync');
};

const runChild = (script: string, args: string[]): string => {
  settleDisk();
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, script), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (child.status !== 0) throw new Error(`${script} failed: ${child.stderr}`);
  return child.stdout;
};

/** One shape: generate (or reuse) its corpus, then alternate ceiling and import runs. */
function benchShape(shape: CorpusShape): boolean {
  const dir = path.resolve(values.dir as string, `${shape}-mb${mb}-seed${values.seed}`);
  console.log(`\n${shape} corpus: ${mb} MB, seed ${values.seed}, in ${dir}`);
  const manifest = generateCorpus({ dir, targetBytes: mb * 1e6, seed: Number(values.seed), shape });
  console.log(
    `  ${manifest.generation.reused ? 'reused' : `generated in ${manifest.generation.seconds.toFixed(1)} s`}: ` +
      `${(manifest.bytes / 1e6).toFixed(0)} MB, ${manifest.lines.toLocaleString('en-US')} lines ` +
      `(${(manifest.bytes / manifest.lines).toFixed(0)} bytes each), ` +
      `${manifest.streams.toLocaleString('en-US')} streams, ${manifest.apps.toLocaleString('en-US')} apps`,
  );
  const roots = [manifest.roots.local, manifest.roots.s3];

  // Alternate ceiling and import runs so both see the same page cache and machine load; keep the best of each.
  // Each run of either side is a fresh process, so both pay the same start-up costs (JIT warm-up, heap
  // growth): a second ceiling run inside a warmed process is faster than any first run, which an
  // import never gets. That warm figure is reported too, for comparison.
  const dbFile = path.join(dir, '..', `bench-${shape}-mb${mb}.db`);
  let ceiling: Ceiling | null = null;
  let best: ChildResult | null = null;
  let peakRss = 0;
  for (let i = 0; i < runs; i++) {
    const c = JSON.parse(runChild('read-parse-ceiling.ts', [dir, '--runs', '1'])) as Ceiling;
    if (!ceiling || c.seconds < ceiling.seconds) ceiling = c;
    const result = JSON.parse(runChild('import-child.ts', [dbFile, ...roots])) as ChildResult;
    peakRss = Math.max(peakRss, result.peakRssBytes);
    if (!best || result.seconds < best.seconds) best = result;
    console.log(`  run ${i + 1}: ceiling ${c.seconds.toFixed(2)} s, import ${result.seconds.toFixed(2)} s`);
  }
  if (!ceiling || !best) throw new Error('no runs');
  const warmCeiling = measureReadParseCeiling(dir, { runs: runs + 1 });
  console.log(`  warm ceiling (best of ${runs + 1} in one process): ${warmCeiling.seconds.toFixed(2)} s`);

  const dbBytes = statSync(dbFile).size;
  const keys = ['streams', 'steps', 'spans', 'attributes'] as const;
  const totals = Object.fromEntries(
    keys.map((k) => [k, Object.values(best.summary.projects).reduce((n, p) => n + (p[k] ?? 0), 0)]),
  );
  const expected = Object.fromEntries(keys.map((k) => [k, manifest[k]]));
  const importMbPerS = best.summary.bytes / 1e6 / best.seconds;
  const ratio = importMbPerS / ceiling.mbPerS;
  const report = {
    shape,
    corpus: {
      mb: manifest.bytes / 1e6,
      lines: manifest.lines,
      bytesPerLine: manifest.bytes / manifest.lines,
      files: ceiling.files,
      apps: manifest.apps,
      streams: manifest.streams,
    },
    ceiling: { mbPerS: ceiling.mbPerS, linesPerS: ceiling.linesPerS, seconds: ceiling.seconds },
    warmCeiling: { mbPerS: warmCeiling.mbPerS, seconds: warmCeiling.seconds },
    import: {
      mbPerS: importMbPerS,
      linesPerS: best.summary.lines / best.seconds,
      seconds: best.seconds,
      quarantined: best.summary.quarantined,
    },
    ratioToCeiling: ratio,
    ratioToWarmCeiling: importMbPerS / warmCeiling.mbPerS,
    peakRssMb: peakRss / 1e6,
    databaseMb: dbBytes / 1e6,
    databaseShareOfLogs: dbBytes / manifest.bytes,
    countsMatchManifest: JSON.stringify(totals) === JSON.stringify(expected),
  };
  console.log(JSON.stringify(report, null, 2));
  const verdicts = [
    [`import / ceiling = ${ratio.toFixed(2)} (target >= 0.8)`, ratio >= 0.8],
    [
      `${Math.round(report.import.linesPerS).toLocaleString('en-US')} lines/s imported, ` +
        `${Math.round(ceiling.linesPerS).toLocaleString('en-US')} read+parsed`,
      true,
    ],
    [`peak RSS ${report.peakRssMb.toFixed(0)} MB (target < 600 MB)`, report.peakRssMb < 600],
    [
      `database ${(report.databaseShareOfLogs * 100).toFixed(1)}% of the logs (target <= 20%)`,
      report.databaseShareOfLogs <= 0.2,
    ],
    [`counts match the generator's manifest`, report.countsMatchManifest],
  ] as const;
  for (const [text, ok] of verdicts) console.log(`${ok ? 'ok  ' : 'MISS'} ${shape}: ${text}`);
  if (!report.countsMatchManifest) console.log('  imported', totals, 'expected', expected);
  // Both ceilings are real measurements; the target is judged on the one run like the import (a fresh process).
  console.log(
    `     (against the ceiling repeated in one warmed process: ${report.ratioToWarmCeiling.toFixed(2)})`,
  );
  return verdicts.every(([, ok]) => ok);
}

const allMet = shapes.map(benchShape).every(Boolean);

// CLI start-up, against `node -e 0` in the same run.
const cli = measureCliStartup();
printCliStartup(cli);
// A missed target is a failed benchmark (a CI job or a script sees it), after every figure is printed.
if (!allMet) console.log('\nMISS: an import target above is not met.');
process.exitCode = allMet && cli.ok ? 0 : 1;
