/**
 * Seeded synthetic corpus of Burr tracker logs for the import benchmark.
 *
 * Writes `<dir>/local/<project>/<app_id>/{log.jsonl,graph.json,metadata.json}` (local tracker)
 * and `<dir>/s3/data/<project>/YYYY/MM/DD/HH/MM:SS.ffffff/<pk|__none__>/<app_id>/…` (an S3
 * tracker bucket as downloaded), with the line shapes, key order and timestamp styles of the
 * real fixtures in test/fixtures/burr-logs, and returns a manifest of exact counts so a
 * benchmark or test can assert that the importer imported exactly that.
 *
 * Two shapes, because users have both and an importer fast on one can be slow on the other:
 * - `state-heavy` (default): long chats whose state (the whole history) rides on every end_entry
 *   line, a few ~1 MB retrieval turns: few, big lines (~1.6 KB on average).
 * - `line-heavy`: what Burr's chatbot and agent examples write when apps are short-lived: one
 *   turn per app, so ~16 lines of a few hundred bytes per app log, and many apps (the per-line
 *   cost of spans, attributes and steps dominates).
 *
 * CLI: npx tsx bench/generate-corpus.ts --dir DIR --mb 300 --seed 42 [--shape line-heavy] [--s3-fraction 0.3] [--force]
 * prints the manifest as JSON. A corpus whose manifest matches the arguments is reused.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppContext, appIdFor, simulateAgent, simulateChatbot } from './corpus-apps';
import { addCounts, type CorpusCounts, deriveLineCounts, emptyCounts } from './corpus-counts';
import { CorpusWriter } from './corpus-io';
import type { AppKind } from './corpus-lines';
import { PROJECTS } from './corpus-projects';
import { localSink, s3Sink } from './corpus-sinks';
import { listFiles } from './list-files';
import { mixSeed, SeededRandom } from './seeded-random';

export { type CorpusCounts, LARGE_LINE_BYTES, LINE_TYPES, type LineType } from './corpus-counts';

/** Bump whenever the output changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 2;
export const MANIFEST_FILE = 'corpus-manifest.json';

export type CorpusShape = 'state-heavy' | 'line-heavy';
export const CORPUS_SHAPES: readonly CorpusShape[] = ['state-heavy', 'line-heavy'];

export interface CorpusOptions {
  dir: string;
  /** Default 'state-heavy'. */
  shape?: CorpusShape;
  /** Approximate total bytes of all *.jsonl files (decimal: --mb 300 is 300e6). */
  targetBytes: number;
  seed: number;
  /** Share of targetBytes written as the S3 tree (default 0.3). */
  s3Fraction?: number;
  /** Regenerate even when a matching manifest exists. */
  force?: boolean;
}

export interface ProjectCounts extends CorpusCounts {
  name: string;
  layout: 'local' | 's3';
  kind: AppKind;
  timing: 'hooks' | 'legacy';
  /** Offset of the writer's naive local clock (step/span times) from UTC (stream/attribute times). */
  tzOffsetMinutes: number;
}

/** Top-level counts are the whole corpus; `local`/`s3`/`projectDetails` break them down. */
export interface CorpusManifest extends CorpusCounts {
  generatorVersion: number;
  args: { targetBytes: number; seed: number; s3Fraction: number; shape: CorpusShape };
  /** What to open in the importer: the local tree root and the S3 download root (it holds `data/`). */
  roots: { local: string; s3: string };
  local: CorpusCounts;
  s3: CorpusCounts;
  projectDetails: ProjectCounts[];
  /** Wall time of writing the corpus (not of deleting an old one); `reused`: read from the cache. */
  generation: { seconds: number; mbPerS: number; reused: boolean };
}

function fingerprint(dir: string): { files: number; bytes: number } {
  let bytes = 0;
  const files = listFiles(dir, '.jsonl');
  for (const file of files) bytes += statSync(file).size;
  return { files: files.length, bytes };
}

export function readCorpusManifest(dir: string): CorpusManifest | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CorpusManifest;
  } catch {
    return null;
  }
}

/** A cached corpus is reused only if args and generator version match and its files look intact. */
function reusable(dir: string, args: CorpusManifest['args']): CorpusManifest | null {
  const manifest = readCorpusManifest(dir);
  if (
    manifest === null ||
    manifest.generatorVersion !== GENERATOR_VERSION ||
    manifest.args.targetBytes !== args.targetBytes ||
    manifest.args.seed !== args.seed ||
    manifest.args.s3Fraction !== args.s3Fraction ||
    manifest.args.shape !== args.shape
  ) {
    return null;
  }
  const found = fingerprint(dir);
  if (found.files !== manifest.files || found.bytes !== manifest.bytes) return null;
  return { ...manifest, generation: { ...manifest.generation, reused: true } };
}

export function generateCorpus(options: CorpusOptions): CorpusManifest {
  const dir = resolve(options.dir);
  const s3Fraction = options.s3Fraction ?? 0.3;
  if (
    !(options.targetBytes > 0) ||
    !(s3Fraction >= 0 && s3Fraction <= 1) ||
    !Number.isInteger(options.seed)
  ) {
    throw new Error('generateCorpus: targetBytes > 0, 0 <= s3Fraction <= 1 and an integer seed are required');
  }
  const args = {
    targetBytes: Math.round(options.targetBytes),
    seed: options.seed,
    s3Fraction,
    shape: options.shape ?? 'state-heavy',
  };
  if (!options.force) {
    const cached = reusable(dir, args);
    if (cached) return cached;
  }

  const localRoot = join(dir, 'local');
  const s3Root = join(dir, 's3');
  // Only our own subfolders are removed, never anything else the caller keeps in `dir`.
  rmSync(join(dir, MANIFEST_FILE), { force: true });
  rmSync(localRoot, { recursive: true, force: true });
  rmSync(s3Root, { recursive: true, force: true });
  mkdirSync(localRoot, { recursive: true });
  mkdirSync(s3Root, { recursive: true });
  const started = process.hrtime.bigint();

  const writer = new CorpusWriter(dir);
  const projectDetails: ProjectCounts[] = [];
  try {
    generateProjects(args, writer, localRoot, join(s3Root, 'data'), projectDetails);
    writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }

  const local = emptyCounts();
  const s3 = emptyCounts();
  for (const p of projectDetails) addCounts(p.layout === 'local' ? local : s3, p);
  const total = emptyCounts();
  addCounts(total, local);
  addCounts(total, s3);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const manifest: CorpusManifest = {
    ...total,
    generatorVersion: GENERATOR_VERSION,
    args,
    roots: { local: localRoot, s3: s3Root },
    local,
    s3,
    projectDetails,
    generation: { seconds, mbPerS: total.bytes / 1e6 / seconds, reused: false },
  };
  // Written last: a half-written corpus has no manifest, so it is never reused.
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function generateProjects(
  args: CorpusManifest['args'],
  writer: CorpusWriter,
  localRoot: string,
  s3DataRoot: string,
  projectDetails: ProjectCounts[],
): void {
  const layoutBytes = {
    local: args.targetBytes * (1 - args.s3Fraction),
    s3: args.targetBytes * args.s3Fraction,
  };
  const weightLeft = { local: 0, s3: 0 };
  for (const spec of PROJECTS) weightLeft[spec.layout] += spec.weight;
  const layoutWritten = { local: 0, s3: 0 };

  // Heavy (~1 MB state) turns are spread evenly over the corpus by bytes written so far.
  const heavyTotal = Math.max(1, Math.round(args.targetBytes / 100e6));
  const heavyAt = Array.from({ length: heavyTotal }, (_, k) => (args.targetBytes * (k + 0.3)) / heavyTotal);
  let heavyNext = 0;
  let writtenBefore = 0;
  const baseMicros = Date.UTC(2026, 10, 20, 8, 0, 0) * 1000 + (mixSeed(args.seed) % 86_400) * 1_000_000;

  const lineHeavy = args.shape === 'line-heavy';
  for (const [projectIndex, projectSpec] of PROJECTS.entries()) {
    // Line-heavy: short-lived apps (one turn), so no state grows big; no ~1 MB turns.
    const spec = lineHeavy ? { ...projectSpec, turnsMedian: 1, maxTurns: 1 } : projectSpec;
    if (layoutBytes[spec.layout] <= 0) continue;
    // Share out what is left of the layout's bytes, so one project's overshoot (apps are
    // written whole) is absorbed by the next ones instead of inflating the corpus.
    const remaining = Math.max(0, layoutBytes[spec.layout] - layoutWritten[spec.layout]);
    const budget = (remaining * spec.weight) / weightLeft[spec.layout];
    weightLeft[spec.layout] -= spec.weight;

    const counts = emptyCounts();
    counts.projects = 1;
    const projectRng = new SeededRandom(mixSeed(args.seed, projectIndex));
    let appStart = baseMicros + projectIndex * 3 * 3_600_000_000 + projectRng.int(0, 3_600_000_000);
    const takeHeavyTurn = () => {
      if (lineHeavy) return false;
      const next = heavyAt[heavyNext];
      if (next === undefined || writtenBefore + counts.bytes < next) return false;
      heavyNext++;
      return true;
    };
    // Every project gets at least one app, then apps until its budget is spent.
    for (let appIndex = 0; appIndex === 0 || counts.bytes < budget; appIndex++) {
      // Each app has its own seed, so a project's apps do not change with the corpus size.
      const rng = new SeededRandom(mixSeed(args.seed, projectIndex, appIndex + 1));
      const model = rng.pick(spec.models);
      const appId = appIdFor(spec, rng, appIndex, model);
      const partitionKey = rng.chance(spec.nullPartitionShare)
        ? null
        : `${spec.partitionPrefix}${rng.int(0, spec.partitionCount - 1)}`;
      appStart += projectRng.int(20_000_000, 900_000_000);
      const root = spec.layout === 'local' ? localRoot : s3DataRoot;
      const target = { writer, root, spec, appId, partitionKey, counts };
      const sink = spec.layout === 'local' ? localSink(target) : s3Sink(target, rng, appStart);
      const ctx: AppContext = { rng, spec, model, counts, startMicros: appStart, takeHeavyTurn };
      if (spec.kind === 'chatbot') simulateChatbot(ctx, sink);
      else simulateAgent(ctx, sink);
      sink.finish();
      counts.apps++;
    }
    deriveLineCounts(counts);
    writtenBefore += counts.bytes;
    layoutWritten[spec.layout] += counts.bytes;
    projectDetails.push({
      ...counts,
      name: spec.name,
      layout: spec.layout,
      kind: spec.kind,
      timing: spec.timing,
      tzOffsetMinutes: spec.tzOffsetMinutes,
    });
  }
}

function parseCli(argv: string[]): CorpusOptions {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = get('--dir');
  const mb = Number(get('--mb') ?? '300');
  const seed = Number(get('--seed') ?? '42');
  const s3Fraction = Number(get('--s3-fraction') ?? '0.3');
  const shape = (get('--shape') ?? 'state-heavy') as CorpusShape;
  if (!CORPUS_SHAPES.includes(shape)) throw new Error(`--shape is one of ${CORPUS_SHAPES.join(', ')}`);
  if (!dir || !(mb > 0) || !Number.isInteger(seed) || !(s3Fraction >= 0 && s3Fraction <= 1)) {
    throw new Error(
      'usage: generate-corpus.ts --dir DIR [--mb 300] [--seed 42] [--shape state-heavy|line-heavy] [--s3-fraction 0.3] [--force]',
    );
  }
  return { dir, targetBytes: mb * 1e6, seed, s3Fraction, shape, force: argv.includes('--force') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const manifest = generateCorpus(parseCli(process.argv.slice(2)));
    process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
