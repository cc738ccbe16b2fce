/**
 * Seeded synthetic corpus of Burr tracker logs for the import benchmark.
 *
 * Writes `<dir>/local/<project>/<app_id>/{log.jsonl,graph.json,metadata.json}` (local
 * tracker) and `<dir>/s3/data/<project>/YYYY/MM/DD/HH/MM:SS.ffffff/<pk|__none__>/<app_id>/…`
 * (an S3 tracker bucket as downloaded), with the line shapes, key order and timestamp
 * styles of the real fixtures in test/fixtures/burr-logs. It returns a manifest of exact
 * counts so a benchmark or test can assert the importer imported exactly that.
 *
 * CLI: npx tsx bench/generate-corpus.ts --dir DIR --mb 300 --seed 42 [--s3-fraction 0.3] [--force]
 * prints the manifest as JSON. A corpus whose manifest matches the arguments is reused.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AppKind,
  attribute,
  beginEntry,
  beginSpan,
  beginStream,
  endEntry,
  endSpan,
  endStream,
  firstItemStream,
  graphDocument,
  isoMicros,
  metadataDocument,
  plainText,
  promptText,
  pythonJson,
  s3TimeFolder,
  type StreamTiming,
  streamTraceback,
  tokenText,
} from './corpus-lines';
import { listFiles } from './list-files';
import { mixSeed, SeededRandom } from './seeded-random';

/** Bump whenever the output changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 1;
export const MANIFEST_FILE = 'corpus-manifest.json';
/** Lines at least this long are counted as `largeLines` (the "~1 MB state" lines). */
export const LARGE_LINE_BYTES = 512 * 1024;

export interface CorpusOptions {
  dir: string;
  /** Approximate total size of all *.jsonl files; the last app of each project overshoots a little. */
  targetBytes: number;
  seed: number;
  /** Share of targetBytes written as the S3 tree (default 0.3). */
  s3Fraction?: number;
  /** Regenerate even when a matching manifest exists. */
  force?: boolean;
}

export const LINE_TYPES = [
  'begin_entry',
  'end_entry',
  'begin_span',
  'end_span',
  'attribute',
  'begin_stream',
  'first_item_stream',
  'end_stream',
] as const;
export type LineType = (typeof LINE_TYPES)[number];

/**
 * Exact counts of what was written. Definitions (the verifier recounts each from the files):
 * - apps: distinct (project, partition_key, app_id); app ids are unique corpus-wide.
 * - steps: begin_entry lines (each has exactly one end_entry); failedSteps: end_entry with exception.
 * - streams: begin_stream lines (each has exactly one end_stream).
 * - failedStreams: streams whose step's end_entry has an exception (end_stream still written).
 * - timedStreams: end_stream with a numeric generation_time_ms (hooks); legacyStreams: no timing
 *   fields at all; nullTimingStreams: timing fields present but all null (hooks never fired).
 * - zeroItemStreams: items_streamed 0 (and no first_item_stream); itemsStreamed: sum of items_streamed.
 * - spans: begin_span lines; attributes: attribute lines.
 * - lines/bytes/files: log lines, bytes and files of *.jsonl only; metaFiles/metaBytes: graph.json + metadata.json.
 */
export interface CorpusCounts {
  projects: number;
  apps: number;
  files: number;
  steps: number;
  failedSteps: number;
  streams: number;
  failedStreams: number;
  timedStreams: number;
  legacyStreams: number;
  nullTimingStreams: number;
  zeroItemStreams: number;
  itemsStreamed: number;
  spans: number;
  attributes: number;
  lines: number;
  bytes: number;
  largeLines: number;
  maxLineBytes: number;
  metaFiles: number;
  metaBytes: number;
  lineTypes: Record<LineType, number>;
}

export interface ProjectCounts extends CorpusCounts {
  name: string;
  layout: 'local' | 's3';
  kind: AppKind;
  timing: 'hooks' | 'legacy';
  /** Offset of the writer's naive local clock (step/span times) from UTC (stream/attribute times). */
  tzOffsetMinutes: number;
}

export interface CorpusManifest extends CorpusCounts {
  generatorVersion: number;
  args: { targetBytes: number; seed: number; s3Fraction: number };
  /** Open these in the importer: the local tree root and the S3 download root (holds `data/`). */
  roots: { local: string; s3: string };
  local: CorpusCounts;
  s3: CorpusCounts;
  projectDetails: ProjectCounts[];
  generation: { seconds: number; mbPerS: number; reused: boolean };
}

interface ModelProfile {
  name: string;
  ttftMedianMs: number;
  ttftSigma: number;
  perItemMedianMs: number;
  perItemSigma: number;
  itemsMedian: number;
  itemsSigma: number;
}

// Fast and slow models differ in TTFT, per-token time and length, so the distributions differ.
const FAST: ModelProfile = {
  name: 'fast-model',
  ttftMedianMs: 70,
  ttftSigma: 0.45,
  perItemMedianMs: 6,
  perItemSigma: 0.25,
  itemsMedian: 170,
  itemsSigma: 0.6,
};
const SLOW: ModelProfile = {
  name: 'slow-model',
  ttftMedianMs: 650,
  ttftSigma: 0.7,
  perItemMedianMs: 32,
  perItemSigma: 0.3,
  itemsMedian: 300,
  itemsSigma: 0.6,
};
const LEGACY: ModelProfile = {
  name: 'legacy-model',
  ttftMedianMs: 250,
  ttftSigma: 0.6,
  perItemMedianMs: 15,
  perItemSigma: 0.3,
  itemsMedian: 200,
  itemsSigma: 0.6,
};
const AGENT: ModelProfile = {
  name: 'agent-model',
  ttftMedianMs: 120,
  ttftSigma: 0.5,
  perItemMedianMs: 9,
  perItemSigma: 0.25,
  itemsMedian: 60,
  itemsSigma: 0.5,
};

interface ProjectSpec {
  name: string;
  layout: 'local' | 's3';
  kind: AppKind;
  timing: 'hooks' | 'legacy';
  models: ModelProfile[];
  appIds: 'model-run' | 'uuid' | 'agent';
  partitionPrefix: string;
  partitionCount: number;
  /** Share of apps without a partition key (`__none__` folder on S3). */
  nullPartitionShare: number;
  tzOffsetMinutes: number;
  /** Share of its layout's bytes. */
  weight: number;
  maxTokens: number;
  /** A nested `rerank` span under `vector_search` (parent_span_id set). */
  nestedSpans: boolean;
  turnsMedian: number;
  /** Consumer time per item: a chat UI is quick, a TTS or tool-calling consumer is slow. */
  consumerMsPerItem: [number, number];
  /** S3 tracker flush interval in seconds (one log object per flush). */
  flushIntervalS: number;
}

// Three of ten projects are legacy (~70% of projects carry the timing fields). Local first,
// then S3; each layout ends with a chatbot project so late "heavy" turns find a retrieve step.
const PROJECTS: ProjectSpec[] = [
  project('chatbot-fast', 'local', 'chatbot', 'hooks', [FAST], 'model-run', 'user-', 6, 0.5, 0, 3, 512, false, 7, [1, 6], 0),
  project('agent-async', 'local', 'agent', 'hooks', [AGENT], 'agent', 'user-', 3, 1, 0, 0.6, 256, false, 6, [1, 4], 0),
  project('chatbot-slow', 'local', 'chatbot', 'hooks', [SLOW], 'model-run', 'user-', 4, 1, -300, 2, 1024, false, 6, [1, 6], 0),
  project('chatbot-legacy', 'local', 'chatbot', 'legacy', [LEGACY], 'model-run', 'user-', 4, 0.7, 60, 1.5, 512, false, 6, [1, 6], 0),
  project('rag-eu', 'local', 'chatbot', 'hooks', [SLOW, FAST], 'uuid', 'tenant-', 5, 0.2, 120, 1.5, 1024, true, 5, [1, 5], 0),
  project('chatbot-models', 'local', 'chatbot', 'hooks', [FAST, SLOW], 'model-run', 'user-', 5, 0.5, 0, 3, 512, false, 8, [1, 6], 0),
  project('agent-legacy-s3', 's3', 'agent', 'legacy', [AGENT], 'uuid', 'tenant-', 3, 0.3, 0, 0.4, 256, false, 8, [1, 4], 2),
  project('chatbot-s3', 's3', 'chatbot', 'legacy', [LEGACY], 'model-run', 'tenant-', 2, 0.25, 0, 1, 512, false, 6, [1, 6], 3),
  project('summarizer-s3', 's3', 'chatbot', 'hooks', [SLOW], 'uuid', 'tenant-', 4, 0.5, 330, 1, 1024, false, 4, [2, 8], 4),
  project('support-bot-s3', 's3', 'chatbot', 'hooks', [FAST], 'uuid', 'tenant-', 8, 0.1, 0, 1.5, 512, true, 7, [8, 25], 2),
];

function project(
  name: string,
  layout: 'local' | 's3',
  kind: AppKind,
  timing: 'hooks' | 'legacy',
  models: ModelProfile[],
  appIds: ProjectSpec['appIds'],
  partitionPrefix: string,
  partitionCount: number,
  nullPartitionShare: number,
  tzOffsetMinutes: number,
  weight: number,
  maxTokens: number,
  nestedSpans: boolean,
  turnsMedian: number,
  consumerMsPerItem: [number, number],
  flushIntervalS: number,
): ProjectSpec {
  return {
    name,
    layout,
    kind,
    timing,
    models,
    appIds,
    partitionPrefix,
    partitionCount,
    nullPartitionShare,
    tzOffsetMinutes,
    weight,
    maxTokens,
    nestedSpans,
    turnsMedian,
    consumerMsPerItem,
    flushIntervalS,
  };
}

const FAIL_PROBABILITY = 0.02;
const ZERO_ITEM_PROBABILITY = 0.005;
const NULL_TIMING_PROBABILITY = 0.003;
/** ~600 KB of retrieved documents: the state lines around a heavy turn are 0.6-1.3 MB. */
const HEAVY_DOCS = 60;
const HEAVY_DOC_TOKENS = 1500;
const BUFFER_BYTES = 8 * 1024 * 1024;

function emptyCounts(): CorpusCounts {
  const lineTypes = Object.fromEntries(LINE_TYPES.map((t) => [t, 0])) as Record<LineType, number>;
  return {
    projects: 0,
    apps: 0,
    files: 0,
    steps: 0,
    failedSteps: 0,
    streams: 0,
    failedStreams: 0,
    timedStreams: 0,
    legacyStreams: 0,
    nullTimingStreams: 0,
    zeroItemStreams: 0,
    itemsStreamed: 0,
    spans: 0,
    attributes: 0,
    lines: 0,
    bytes: 0,
    largeLines: 0,
    maxLineBytes: 0,
    metaFiles: 0,
    metaBytes: 0,
    lineTypes,
  };
}

function addCounts(into: CorpusCounts, from: CorpusCounts): void {
  for (const key of Object.keys(into) as (keyof CorpusCounts)[]) {
    if (key === 'lineTypes') {
      for (const t of LINE_TYPES) into.lineTypes[t] += from.lineTypes[t];
    } else if (key === 'maxLineBytes') {
      into.maxLineBytes = Math.max(into.maxLineBytes, from.maxLineBytes);
    } else {
      into[key] += from[key];
    }
  }
}

/**
 * One reused 8 MiB buffer for all output: lines are UTF-8 encoded straight into it
 * (Buffer.write returns the exact byte count, which the manifest needs) and it is
 * written out in large chunks, which is what makes >100 MB/s generation possible.
 */
class ChunkWriter {
  private buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private fd: number | null = null;

  open(path: string): void {
    this.fd = openSync(path, 'w');
  }

  /** Writes one line; `separator` puts the '\n' after it (local) or before it (S3: no trailing newline). */
  line(text: string, separator: 'after' | 'before' | 'none'): number {
    // UTF-16 code units to UTF-8 bytes is at most 3x; checking the bound avoids a byteLength pass.
    const bound = text.length * 3 + 1;
    if (bound > this.buf.length - this.used) this.flush();
    if (separator === 'before') this.buf[this.used++] = 10;
    let n: number;
    if (bound > this.buf.length) {
      this.flush();
      const encoded = Buffer.from(text, 'utf8');
      this.writeAll(encoded, encoded.length);
      n = encoded.length;
    } else {
      n = this.buf.write(text, this.used);
      this.used += n;
    }
    if (separator === 'after') this.buf[this.used++] = 10;
    return n;
  }

  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private flush(): void {
    if (this.used > 0) this.writeAll(this.buf, this.used);
    this.used = 0;
  }

  private writeAll(data: Buffer, length: number): void {
    if (this.fd === null) throw new Error('ChunkWriter: no open file');
    let offset = 0;
    while (offset < length) offset += writeSync(this.fd, data, offset, length - offset);
  }
}

/** Where an app's lines go; counts lines and bytes as they are written. */
interface AppSink {
  line(type: LineType, text: string, utcMicros: number): void;
  finish(): void;
}

interface AppContext {
  rng: SeededRandom;
  spec: ProjectSpec;
  model: ModelProfile;
  counts: CorpusCounts;
  startMicros: number;
  /** Asked at each retrieve step whether this turn should carry the ~1 MB context. */
  takeHeavyTurn: () => boolean;
}

function writeMeta(path: string, text: string, counts: CorpusCounts): void {
  writeFileSync(path, text);
  counts.metaFiles++;
  counts.metaBytes += Buffer.byteLength(text);
}

function countLine(counts: CorpusCounts, type: LineType, bytes: number, newline: number): void {
  counts.lines++;
  counts.lineTypes[type]++;
  counts.bytes += bytes + newline;
  if (bytes > counts.maxLineBytes) counts.maxLineBytes = bytes;
  if (bytes >= LARGE_LINE_BYTES) counts.largeLines++;
}

function localSink(
  writer: ChunkWriter,
  root: string,
  spec: ProjectSpec,
  appId: string,
  pk: string | null,
  counts: CorpusCounts,
): AppSink {
  const appDir = join(root, spec.name, appId);
  mkdirSync(appDir, { recursive: true });
  // The local tracker writes these with Python's json.dumps defaults and no trailing newline.
  writeMeta(join(appDir, 'graph.json'), pythonJson(graphDocument(spec.kind)), counts);
  writeMeta(join(appDir, 'metadata.json'), pythonJson(metadataDocument(pk)), counts);
  writer.open(join(appDir, 'log.jsonl'));
  counts.files++;
  return {
    line(type, text) {
      countLine(counts, type, writer.line(text, 'after'), 1);
    },
    finish() {
      writer.close();
    },
  };
}

function s3Sink(
  writer: ChunkWriter,
  root: string,
  spec: ProjectSpec,
  appId: string,
  pk: string | null,
  counts: CorpusCounts,
  rng: SeededRandom,
  startMicros: number,
): AppSink {
  const projectDir = join(root, spec.name);
  const pkFolder = pk ?? '__none__';
  const folder = (micros: number) => join(projectDir, s3TimeFolder(micros), pkFolder, appId);
  // graph.json and metadata.json are separate objects, each in its own time folder, compact JSON.
  const graphAt = startMicros - rng.int(20_000, 60_000);
  const metaAt = graphAt + rng.int(8_000, 35_000);
  mkdirSync(folder(graphAt), { recursive: true });
  writeMeta(join(folder(graphAt), 'graph.json'), JSON.stringify(graphDocument(spec.kind)), counts);
  mkdirSync(folder(metaAt), { recursive: true });
  writeMeta(join(folder(metaAt), 'metadata.json'), JSON.stringify(metadataDocument(pk)), counts);

  const interval = spec.flushIntervalS * 1_000_000;
  let windowEnd = -1;
  let open = false;
  return {
    line(type, text, utcMicros) {
      if (open && utcMicros > windowEnd) {
        writer.close();
        open = false;
      }
      if (!open) {
        // The tracker flushes its buffer on a timer; the object key carries the flush time.
        windowEnd = startMicros + Math.max(1, Math.ceil((utcMicros - startMicros) / interval)) * interval;
        const dir = folder(windowEnd + rng.int(200, 30_000));
        mkdirSync(dir, { recursive: true });
        writer.open(join(dir, `${rng.uuid4()}__log.jsonl`));
        counts.files++;
        open = true;
        countLine(counts, type, writer.line(text, 'none'), 0);
        return;
      }
      countLine(counts, type, writer.line(text, 'before'), 1);
    },
    finish() {
      if (open) writer.close();
    },
  };
}

interface StreamPlan {
  items: number;
  failed: boolean;
  generationMs: number;
  consumerMs: number;
  ttftMs: number;
}

function planStream(rng: SeededRandom, spec: ProjectSpec, model: ModelProfile): StreamPlan {
  const ttftMs = rng.logNormal(model.ttftMedianMs, model.ttftSigma);
  const perItemMs = rng.logNormal(model.perItemMedianMs, model.perItemSigma);
  const consumerPerItem = rng.uniform(spec.consumerMsPerItem[0], spec.consumerMsPerItem[1]);
  let items = Math.round(rng.logNormal(model.itemsMedian, model.itemsSigma));
  items = Math.min(spec.maxTokens, Math.max(1, items));
  if (rng.chance(ZERO_ITEM_PROBABILITY)) items = 0;
  const failed = rng.chance(FAIL_PROBABILITY);
  if (failed) items = items === 0 ? 0 : rng.int(0, items - 1);
  let generationMs: number;
  if (items === 0) {
    // No item: either the generator ended at once or the request hung until it failed.
    generationMs = failed ? rng.uniform(50, 30_000) : ttftMs;
  } else {
    generationMs = ttftMs + perItemMs * (items - 1) * rng.uniform(0.9, 1.1);
  }
  const consumerMs = items === 0 ? 0 : consumerPerItem * items * rng.uniform(0.8, 1.2);
  return { items, failed, generationMs, consumerMs, ttftMs };
}

interface StreamTimes {
  endEntryMicros: number;
  endStreamMicros: number;
}

/** begin_stream .. first_item_stream; returns when the step and the stream end. */
function emitStreamStart(
  out: AppSink,
  rng: SeededRandom,
  seq: number,
  initMicros: number,
  plan: StreamPlan,
): StreamTimes {
  out.line('begin_stream', beginStream(seq, isoMicros(initMicros, true)), initMicros);
  if (plan.items > 0) {
    const first = initMicros + Math.round(plan.ttftMs * 1000) + rng.int(40, 300);
    out.line('first_item_stream', firstItemStream(seq, isoMicros(first, true)), first);
  }
  const endEntryMicros =
    initMicros + Math.round((plan.generationMs + plan.consumerMs) * 1000) + rng.int(200, 1500);
  return { endEntryMicros, endStreamMicros: endEntryMicros + rng.int(100, 600) };
}

function emitStreamEnd(out: AppSink, ctx: AppContext, seq: number, at: number, plan: StreamPlan): void {
  const { counts, spec, rng } = ctx;
  let timing: StreamTiming | null = null;
  if (spec.timing === 'hooks') {
    if (rng.chance(NULL_TIMING_PROBABILITY)) {
      timing = { generationMs: null, consumerMs: null, firstItemMs: null };
      counts.nullTimingStreams++;
    } else {
      timing = {
        generationMs: plan.generationMs,
        consumerMs: plan.consumerMs,
        firstItemMs: plan.items > 0 ? plan.ttftMs : null,
      };
      counts.timedStreams++;
    }
  } else {
    counts.legacyStreams++;
  }
  counts.streams++;
  counts.itemsStreamed += plan.items;
  if (plan.items === 0) counts.zeroItemStreams++;
  if (plan.failed) {
    counts.failedStreams++;
    counts.failedSteps++;
  }
  out.line('end_stream', endStream(seq, isoMicros(at, true), plan.items, timing), at);
}

function heavyContext(rng: SeededRandom): string {
  const docs: string[] = [];
  for (let i = 0; i < HEAVY_DOCS; i++) {
    docs.push(`{"id":"doc-${rng.int(1, 50_000)}","text":${tokenText(rng, HEAVY_DOC_TOKENS)}}`);
  }
  return `[${docs.join(',')}]`;
}

function simulateChatbot(ctx: AppContext, out: AppSink): void {
  const { rng, spec, model, counts } = ctx;
  const tz = spec.tzOffsetMinutes * 60_000_000;
  const local = (micros: number) => isoMicros(micros + tz, false);
  const utc = (micros: number) => isoMicros(micros, true);
  const turns = Math.min(40, Math.max(1, Math.round(rng.logNormal(spec.turnsMedian, 0.8))));
  let t = ctx.startMicros;
  let seq = 0;
  let history = '';
  let prompt = '';
  let context: string | null = null;
  let response: string | null = null;
  // Key order of Burr's state dict: chat_history, __SEQUENCE_ID, prompt, __PRIOR_STEP, context, response.
  const state = (step: number, prior: string) =>
    `{"chat_history":[${history}],"__SEQUENCE_ID":${step},"prompt":${prompt},"__PRIOR_STEP":"${prior}"${
      context === null ? '' : `,"context":${context}`
    }${response === null ? '' : `,"response":${response}`}}`;

  for (let turn = 0; turn < turns; turn++) {
    // prompt
    const p = promptText(rng, rng.int(4, 12));
    out.line('begin_entry', beginEntry(local(t), 'prompt', `{"prompt":${p}}`, seq), t);
    t += rng.int(80, 700);
    const item = `{"role":"user","content":${p},"type":"text"}`;
    history = history === '' ? item : `${history},${item}`;
    prompt = p;
    out.line('end_entry', endEntry(local(t), 'prompt', `{"chat_item":${item}}`, 'null', state(seq, 'prompt'), seq), t);
    seq++;

    // retrieve, traced
    t += rng.int(60, 400);
    out.line('begin_entry', beginEntry(local(t), 'retrieve', '{}', seq), t);
    t += rng.int(30, 150);
    out.line('begin_span', beginSpan(local(t), seq, `${seq}:0`, 'embed_query', 'null'), t);
    t += rng.int(1000, 4500);
    out.line('attribute', attribute('embedding_model', seq, `${seq}:0`, '"embed-small"', utc(t)), t);
    t += rng.int(40, 300);
    out.line('attribute', attribute('dims', seq, `${seq}:0`, '384', utc(t)), t);
    t += rng.int(20, 200);
    out.line('end_span', endSpan(local(t), seq, `${seq}:0`), t);
    t += rng.int(20, 80);
    out.line('begin_span', beginSpan(local(t), seq, `${seq}:1`, 'vector_search', 'null'), t);
    const hits = `["doc-${rng.int(1, 500)}","doc-${rng.int(1, 500)}","doc-${rng.int(1, 500)}"]`;
    t += rng.int(2000, 9000);
    out.line('attribute', attribute('top_k', seq, `${seq}:1`, '3', utc(t)), t);
    t += rng.int(40, 150);
    out.line('attribute', attribute('hits', seq, `${seq}:1`, hits, utc(t)), t);
    if (spec.nestedSpans) {
      t += rng.int(20, 80);
      out.line('begin_span', beginSpan(local(t), seq, `${seq}:2`, 'rerank', `"${seq}:1"`), t);
      t += rng.int(3000, 20000);
      const scores = `[${rng.next().toFixed(4)},${rng.next().toFixed(4)},${rng.next().toFixed(4)}]`;
      out.line('attribute', attribute('scores', seq, `${seq}:2`, scores, utc(t)), t);
      t += rng.int(30, 120);
      out.line('end_span', endSpan(local(t), seq, `${seq}:2`), t);
    }
    t += rng.int(20, 200);
    out.line('end_span', endSpan(local(t), seq, `${seq}:1`), t);
    context = ctx.takeHeavyTurn() ? heavyContext(rng) : hits;
    t += rng.int(50, 200);
    out.line('end_entry', endEntry(local(t), 'retrieve', `{"context":${context}}`, 'null', state(seq, 'retrieve'), seq), t);
    seq++;

    // respond, streaming
    t += rng.int(100, 1500);
    out.line('begin_entry', beginEntry(local(t), 'respond', `{"max_tokens":${spec.maxTokens}}`, seq), t);
    t += rng.int(30, 200);
    const plan = planStream(rng, spec, model);
    const times = emitStreamStart(out, rng, seq, t, plan);
    t = times.endEntryMicros;
    if (plan.failed) {
      // A failed step logs the state it started from, with only the sequence id moved on.
      const exception = streamTraceback('chatbot', model.name, plan.items, rng.int(0, 2));
      out.line('end_entry', endEntry(local(t), 'respond', 'null', exception, state(seq, 'retrieve'), seq), t);
      emitStreamEnd(out, ctx, seq, times.endStreamMicros, plan);
      return; // the application stops at the exception, as in the fixtures
    }
    const text = tokenText(rng, plan.items);
    history = `${history},{"role":"assistant","content":${text},"type":"text"}`;
    response = text;
    out.line(
      'end_entry',
      endEntry(local(t), 'respond', `{"response":${text},"model":"${model.name}"}`, 'null', state(seq, 'respond'), seq),
      t,
    );
    emitStreamEnd(out, ctx, seq, times.endStreamMicros, plan);
    t = times.endStreamMicros;
    seq++;
    // The user reads the answer and types the next question.
    t += Math.round(Math.min(600, Math.max(0.5, rng.logNormal(8, 1))) * 1_000_000);
  }
}

const AGENT_TASKS = ['write a haiku', 'summarize the incident report', 'draft a release note', 'plan the migration'];

function simulateAgent(ctx: AppContext, out: AppSink): void {
  const { rng, spec, model, counts } = ctx;
  const tz = spec.tzOffsetMinutes * 60_000_000;
  const local = (micros: number) => isoMicros(micros + tz, false);
  const cycles = Math.min(30, Math.max(1, Math.round(rng.logNormal(spec.turnsMedian, 0.6))));
  let t = ctx.startMicros;
  let seq = 0;
  let task = JSON.stringify(rng.pick(AGENT_TASKS));
  let n = 0;
  let draft: string | null = null;
  // Key order of this agent's state: task, n, __SEQUENCE_ID, draft, __PRIOR_STEP.
  const state = (step: number, prior: string) =>
    draft === null
      ? `{"task":${task},"n":${n},"__SEQUENCE_ID":${step}}`
      : `{"task":${task},"n":${n},"__SEQUENCE_ID":${step},"draft":${draft},"__PRIOR_STEP":"${prior}"}`;

  for (let cycle = 0; cycle < cycles; cycle++) {
    out.line('begin_entry', beginEntry(local(t), 'draft', '{}', seq), t);
    t += rng.int(20, 120);
    const plan = planStream(rng, spec, model);
    const times = emitStreamStart(out, rng, seq, t, plan);
    t = times.endEntryMicros;
    if (plan.failed) {
      const exception = streamTraceback('agent', model.name, plan.items, rng.int(0, 2));
      out.line('end_entry', endEntry(local(t), 'draft', 'null', exception, state(seq, 'review'), seq), t);
      emitStreamEnd(out, ctx, seq, times.endStreamMicros, plan);
      return;
    }
    const raw = plainText(rng, plan.items);
    draft = JSON.stringify(raw);
    out.line('end_entry', endEntry(local(t), 'draft', `{"draft":${draft}}`, 'null', state(seq, 'draft'), seq), t);
    emitStreamEnd(out, ctx, seq, times.endStreamMicros, plan);
    t = times.endStreamMicros + rng.int(100, 400);
    seq++;

    out.line('begin_entry', beginEntry(local(t), 'review', '{}', seq), t);
    t += rng.int(80, 300);
    // As in the fixture, review's end_entry shows the state before its own update.
    out.line('end_entry', endEntry(local(t), 'review', 'null', 'null', state(seq, 'draft'), seq), t);
    task = JSON.stringify(raw.slice(0, 20));
    n++;
    seq++;
    t += rng.int(100, 400);
  }
}

function appIdFor(spec: ProjectSpec, rng: SeededRandom, index: number, model: ModelProfile): string {
  const n = String(index).padStart(5, '0');
  if (spec.appIds === 'uuid') return rng.uuid4();
  if (spec.appIds === 'agent') return `agent-${n}-${rng.hex(6)}`;
  return `${model.name}-run-${n}-${rng.hex(6)}`;
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
    manifest.args.s3Fraction !== args.s3Fraction
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
  const args = { targetBytes: Math.round(options.targetBytes), seed: options.seed, s3Fraction };
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
  mkdirSync(join(s3Root, 'data'), { recursive: true });
  const started = process.hrtime.bigint();

  const writer = new ChunkWriter();
  const layoutBytes = { local: args.targetBytes * (1 - s3Fraction), s3: args.targetBytes * s3Fraction };
  const weightSum = { local: 0, s3: 0 };
  for (const spec of PROJECTS) weightSum[spec.layout] += spec.weight;

  // Heavy (~1 MB state) turns are spread evenly over the corpus by bytes written so far.
  const heavyTotal = Math.max(1, Math.round(args.targetBytes / 100e6));
  const heavyAt = Array.from({ length: heavyTotal }, (_, k) => (args.targetBytes * (k + 0.3)) / heavyTotal);
  let heavyNext = 0;
  let writtenBefore = 0;

  const projectDetails: ProjectCounts[] = [];
  const baseMicros = Date.UTC(2026, 10, 20, 8, 0, 0) * 1000 + (mixSeed(args.seed) % 86_400) * 1_000_000;

  const layoutWritten = { local: 0, s3: 0 };

  for (const [projectIndex, spec] of PROJECTS.entries()) {
    if (layoutBytes[spec.layout] <= 0) continue;
    // Share out what is left of the layout's bytes, so one project's overshoot (apps are
    // written whole) is absorbed by the next ones instead of inflating the corpus.
    const remaining = Math.max(0, layoutBytes[spec.layout] - layoutWritten[spec.layout]);
    const budget = (remaining * spec.weight) / weightSum[spec.layout];
    weightSum[spec.layout] -= spec.weight;
    const counts = emptyCounts();
    counts.projects = 1;
    const projectRng = new SeededRandom(mixSeed(args.seed, projectIndex));
    let appStart = baseMicros + projectIndex * 3 * 3_600_000_000 + projectRng.int(0, 3_600_000_000);
    const takeHeavyTurn = () => {
      const written = writtenBefore + counts.bytes;
      if (heavyNext < heavyAt.length && written >= (heavyAt[heavyNext] as number)) {
        heavyNext++;
        return true;
      }
      return false;
    };
    for (let appIndex = 0; appIndex === 0 || counts.bytes < budget; appIndex++) {
      const rng = new SeededRandom(mixSeed(args.seed, projectIndex, appIndex + 1));
      const model = rng.pick(spec.models);
      const appId = appIdFor(spec, rng, appIndex, model);
      const pk = rng.chance(spec.nullPartitionShare)
        ? null
        : `${spec.partitionPrefix}${rng.int(0, spec.partitionCount - 1)}`;
      appStart += projectRng.int(20_000_000, 900_000_000);
      const sink =
        spec.layout === 'local'
          ? localSink(writer, localRoot, spec, appId, pk, counts)
          : s3Sink(writer, join(s3Root, 'data'), spec, appId, pk, counts, rng, appStart);
      const ctx: AppContext = { rng, spec, model, counts, startMicros: appStart, takeHeavyTurn };
      if (spec.kind === 'chatbot') simulateChatbot(ctx, sink);
      else simulateAgent(ctx, sink);
      sink.finish();
      counts.apps++;
    }
    // Steps, spans and attributes are by definition begin_entry/begin_span/attribute lines.
    counts.steps = counts.lineTypes.begin_entry;
    counts.spans = counts.lineTypes.begin_span;
    counts.attributes = counts.lineTypes.attribute;
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
  // Written last: a half-written corpus never has a manifest, so it is never reused.
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
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
  if (!dir || !Number.isFinite(mb) || mb <= 0 || !Number.isInteger(seed) || !(s3Fraction >= 0 && s3Fraction <= 1)) {
    throw new Error('usage: generate-corpus.ts --dir DIR [--mb 300] [--seed 42] [--s3-fraction 0.3] [--force]');
  }
  return { dir, targetBytes: mb * 1e6, seed, s3Fraction, force: argv.includes('--force') };
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

