/**
 * Simulated Burr applications: a traced retrieval chatbot with a streaming answer and an
 * async draft/review agent, emitting the same line sequence Burr's tracker writes.
 */
import type { CorpusCounts, LineType } from './corpus-counts';
import {
  attribute,
  beginEntry,
  beginSpan,
  beginStream,
  endEntry,
  endEntryHead,
  endEntryTail,
  endSpan,
  endStream,
  firstItemStream,
  isoMicros,
  plainText,
  promptText,
  type StreamTiming,
  streamTraceback,
  tokenText,
} from './corpus-lines';
import type { ModelProfile, ProjectSpec } from './corpus-projects';
import type { SeededRandom } from './seeded-random';

const FAIL_PROBABILITY = 0.02;
const ZERO_ITEM_PROBABILITY = 0.005;
const NULL_TIMING_PROBABILITY = 0.003;
/** ~600 KB of retrieved documents: the state lines around a heavy turn are 0.6-1.3 MB. */
const HEAVY_DOCS = 60;
const HEAVY_DOC_TOKENS = 1500;
/** Chat apps whose text includes characters beyond Latin-1. */
const MULTILINGUAL_SHARE = 0.1;

/** Where an app's lines go; `utcMicros` is the event time (the S3 sink splits files by it). */
export interface AppSink {
  /** One line, given as up to three pieces that are written back to back. */
  line(type: LineType, utcMicros: number, a: string, b?: string, c?: string): void;
  finish(): void;
}

export interface AppContext {
  rng: SeededRandom;
  spec: ProjectSpec;
  model: ModelProfile;
  counts: CorpusCounts;
  startMicros: number;
  /** Asked at each retrieve step whether this turn should carry the ~1 MB context. */
  takeHeavyTurn: () => boolean;
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
  out.line('begin_stream', initMicros, beginStream(seq, isoMicros(initMicros, true)));
  if (plan.items > 0) {
    const first = initMicros + Math.round(plan.ttftMs * 1000) + rng.int(40, 300);
    out.line('first_item_stream', first, firstItemStream(seq, isoMicros(first, true)));
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
  counts.itemsStreamed += plan.items;
  if (plan.items === 0) counts.zeroItemStreams++;
  if (plan.failed) {
    counts.failedStreams++;
    counts.failedSteps++;
  }
  out.line('end_stream', at, endStream(seq, isoMicros(at, true), plan.items, timing));
}

function heavyContext(rng: SeededRandom): string {
  const docs: string[] = [];
  for (let i = 0; i < HEAVY_DOCS; i++) {
    docs.push(`{"id":"doc-${rng.int(1, 50_000)}","text":${tokenText(rng, HEAVY_DOC_TOKENS)}}`);
  }
  return `[${docs.join(',')}]`;
}

export function simulateChatbot(ctx: AppContext, out: AppSink): void {
  const { rng, spec, model } = ctx;
  const tz = spec.tzOffsetMinutes * 60_000_000;
  const local = (micros: number) => isoMicros(micros + tz, false);
  const utc = (micros: number) => isoMicros(micros, true);
  const turns = Math.min(spec.maxTurns ?? 40, Math.max(1, Math.round(rng.logNormal(spec.turnsMedian, 0.8))));
  const multilingual = rng.chance(MULTILINGUAL_SHARE);
  let t = ctx.startMicros;
  let seq = 0;
  let history = '';
  let prompt = '';
  let context: string | null = null;
  let response: string | null = null;
  // Key order of Burr's state dict: chat_history, __SEQUENCE_ID, prompt, __PRIOR_STEP, context,
  // response. The history is by far the largest piece; it is passed on as its own piece so it is
  // encoded from the string it already is instead of being copied into every line string.
  const writeEndEntry = (
    at: number,
    action: string,
    resultJson: string,
    exceptionJson: string,
    prior: string,
  ) => {
    const head = `${endEntryHead(local(at), action, resultJson, exceptionJson)}{"chat_history":[`;
    const rest = `],"__SEQUENCE_ID":${seq},"prompt":${prompt},"__PRIOR_STEP":"${prior}"${
      context === null ? '' : `,"context":${context}`
    }${response === null ? '' : `,"response":${response}`}}${endEntryTail(seq)}`;
    out.line('end_entry', at, head, history, rest);
  };

  for (let turn = 0; turn < turns; turn++) {
    // prompt
    const p = promptText(rng, rng.int(4, 12));
    out.line('begin_entry', t, beginEntry(local(t), 'prompt', `{"prompt":${p}}`, seq));
    t += rng.int(80, 700);
    const item = `{"role":"user","content":${p},"type":"text"}`;
    history = history === '' ? item : `${history},${item}`;
    prompt = p;
    writeEndEntry(t, 'prompt', `{"chat_item":${item}}`, 'null', 'prompt');
    seq++;

    // retrieve, traced
    t += rng.int(60, 400);
    out.line('begin_entry', t, beginEntry(local(t), 'retrieve', '{}', seq));
    t += rng.int(30, 150);
    out.line('begin_span', t, beginSpan(local(t), seq, `${seq}:0`, 'embed_query', 'null'));
    t += rng.int(1000, 4500);
    out.line('attribute', t, attribute('embedding_model', seq, `${seq}:0`, '"embed-small"', utc(t)));
    t += rng.int(40, 300);
    out.line('attribute', t, attribute('dims', seq, `${seq}:0`, '384', utc(t)));
    t += rng.int(20, 200);
    out.line('end_span', t, endSpan(local(t), seq, `${seq}:0`));
    t += rng.int(20, 80);
    out.line('begin_span', t, beginSpan(local(t), seq, `${seq}:1`, 'vector_search', 'null'));
    const hits = `["doc-${rng.int(1, 500)}","doc-${rng.int(1, 500)}","doc-${rng.int(1, 500)}"]`;
    t += rng.int(2000, 9000);
    out.line('attribute', t, attribute('top_k', seq, `${seq}:1`, '3', utc(t)));
    t += rng.int(40, 150);
    out.line('attribute', t, attribute('hits', seq, `${seq}:1`, hits, utc(t)));
    if (spec.nestedSpans) {
      t += rng.int(20, 80);
      out.line('begin_span', t, beginSpan(local(t), seq, `${seq}:2`, 'rerank', `"${seq}:1"`));
      t += rng.int(3000, 20000);
      const scores = `[${rng.next().toFixed(4)},${rng.next().toFixed(4)},${rng.next().toFixed(4)}]`;
      out.line('attribute', t, attribute('scores', seq, `${seq}:2`, scores, utc(t)));
      t += rng.int(30, 120);
      out.line('end_span', t, endSpan(local(t), seq, `${seq}:2`));
    }
    t += rng.int(20, 200);
    out.line('end_span', t, endSpan(local(t), seq, `${seq}:1`));
    context = ctx.takeHeavyTurn() ? heavyContext(rng) : hits;
    t += rng.int(50, 200);
    writeEndEntry(t, 'retrieve', `{"context":${context}}`, 'null', 'retrieve');
    seq++;

    // respond, streaming
    t += rng.int(100, 1500);
    out.line('begin_entry', t, beginEntry(local(t), 'respond', `{"max_tokens":${spec.maxTokens}}`, seq));
    t += rng.int(30, 200);
    const plan = planStream(rng, spec, model);
    const times = emitStreamStart(out, rng, seq, t, plan);
    t = times.endEntryMicros;
    if (plan.failed) {
      // A failed step logs the state it started from, with only the sequence id moved on.
      const exception = streamTraceback('chatbot', model.name, plan.items, rng.int(0, 2));
      writeEndEntry(t, 'respond', 'null', exception, 'retrieve');
      emitStreamEnd(out, ctx, seq, times.endStreamMicros, plan);
      return; // the application stops at the exception, as in the fixtures
    }
    const text = tokenText(rng, plan.items, multilingual);
    history = `${history},{"role":"assistant","content":${text},"type":"text"}`;
    response = text;
    writeEndEntry(t, 'respond', `{"response":${text},"model":"${model.name}"}`, 'null', 'respond');
    emitStreamEnd(out, ctx, seq, times.endStreamMicros, plan);
    t = times.endStreamMicros;
    seq++;
    // The user reads the answer and types the next question.
    t += Math.round(Math.min(600, Math.max(0.5, rng.logNormal(8, 1))) * 1_000_000);
  }
}

const AGENT_TASKS = [
  'write a haiku',
  'summarize the incident report',
  'draft a release note',
  'plan the migration',
];

export function simulateAgent(ctx: AppContext, out: AppSink): void {
  const { rng, spec, model } = ctx;
  const tz = spec.tzOffsetMinutes * 60_000_000;
  const local = (micros: number) => isoMicros(micros + tz, false);
  const cycles = Math.min(spec.maxTurns ?? 30, Math.max(1, Math.round(rng.logNormal(spec.turnsMedian, 0.6))));
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
    out.line('begin_entry', t, beginEntry(local(t), 'draft', '{}', seq));
    t += rng.int(20, 120);
    const plan = planStream(rng, spec, model);
    const times = emitStreamStart(out, rng, seq, t, plan);
    t = times.endEntryMicros;
    if (plan.failed) {
      const exception = streamTraceback('agent', model.name, plan.items, rng.int(0, 2));
      out.line('end_entry', t, endEntry(local(t), 'draft', 'null', exception, state(seq, 'review'), seq));
      emitStreamEnd(out, ctx, seq, times.endStreamMicros, plan);
      return;
    }
    const raw = plainText(rng, plan.items);
    draft = JSON.stringify(raw);
    out.line(
      'end_entry',
      t,
      endEntry(local(t), 'draft', `{"draft":${draft}}`, 'null', state(seq, 'draft'), seq),
    );
    emitStreamEnd(out, ctx, seq, times.endStreamMicros, plan);
    t = times.endStreamMicros + rng.int(100, 400);
    seq++;

    out.line('begin_entry', t, beginEntry(local(t), 'review', '{}', seq));
    t += rng.int(80, 300);
    // As in the fixture, review's end_entry shows the state before its own update.
    out.line('end_entry', t, endEntry(local(t), 'review', 'null', 'null', state(seq, 'draft'), seq));
    task = JSON.stringify(raw.slice(0, 20));
    n++;
    seq++;
    t += rng.int(100, 400);
  }
}

export function appIdFor(spec: ProjectSpec, rng: SeededRandom, index: number, model: ModelProfile): string {
  const n = String(index).padStart(5, '0');
  if (spec.appIds === 'uuid') return rng.uuid4();
  if (spec.appIds === 'agent') return `agent-${n}-${rng.hex(6)}`;
  return `${model.name}-run-${n}-${rng.hex(6)}`;
}
