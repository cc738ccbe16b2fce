/**
 * Re-derives every manifest count of a generated corpus by parsing the files, independently
 * of the generator's own bookkeeping, and checks the Burr format rules the importer relies on:
 * every line is JSON with Burr's key order, timestamps have the right clock style, steps,
 * streams and spans pair up, S3 objects end without a newline and local logs with one.
 *
 * CLI: npx tsx bench/verify-corpus.ts DIR   (exit code 1 when anything is off)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addCounts,
  type CorpusCounts,
  emptyCounts,
  LARGE_LINE_BYTES,
  LINE_TYPES,
  type LineType,
} from './corpus-counts';
import { type CorpusManifest, readCorpusManifest } from './generate-corpus';
import { listFiles } from './list-files';

const KEY_ORDER: Record<LineType, string[]> = {
  begin_entry: ['type', 'start_time', 'action', 'inputs', 'sequence_id'],
  end_entry: ['type', 'end_time', 'action', 'result', 'exception', 'state', 'sequence_id'],
  begin_span: [
    'type',
    'start_time',
    'action_sequence_id',
    'span_id',
    'span_name',
    'parent_span_id',
    'span_dependencies',
  ],
  end_span: ['type', 'end_time', 'action_sequence_id', 'span_id'],
  attribute: ['type', 'key', 'action_sequence_id', 'span_id', 'value', 'tags', 'time_logged'],
  begin_stream: ['type', 'action_sequence_id', 'span_id', 'stream_init_time'],
  first_item_stream: ['type', 'action_sequence_id', 'span_id', 'first_item_time'],
  end_stream: ['type', 'action_sequence_id', 'span_id', 'end_time', 'items_streamed'],
};
const TIMING_KEYS = ['generation_time_ms', 'consumer_time_ms', 'first_item_time_ms'];
const NAIVE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/;
const UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/;
const TIME_FOLDER = /^\d{4}\/\d\d\/\d\d\/\d\d\/\d\d:\d\d\.\d{6}$/;
/** Which field of each type holds a time, and whether it is UTC (Z) or the writer's naive clock. */
const TIME_FIELD: Record<LineType, [string, boolean]> = {
  begin_entry: ['start_time', false],
  end_entry: ['end_time', false],
  begin_span: ['start_time', false],
  end_span: ['end_time', false],
  attribute: ['time_logged', true],
  begin_stream: ['stream_init_time', true],
  first_item_stream: ['first_item_time', true],
  end_stream: ['end_time', true],
};

type Line = Record<string, unknown> & { type: LineType };

interface StepRecord {
  action: string;
  begin?: number;
  end?: number;
  failed?: boolean;
  streamInit?: number;
  firstItem?: number;
  streamEnd?: number;
  streamEnds: number;
  streamBegins: number;
  firstItems: number;
  items?: number;
  timing?: 'hooks' | 'legacy' | 'null';
  firstItemMs?: number | null;
  generationMs?: number | null;
  consumerMs?: number | null;
}

interface AppRecord {
  project: string;
  layout: 'local' | 's3';
  counts: CorpusCounts;
  steps: Map<number, StepRecord>;
  spans: Map<string, { begun: number; ended: number; parent: string | null }>;
  attributeSpans: string[];
  /** S3: (time folder, first sequence id in the file) to check files are in event order. */
  fileOrder: [string, number][];
  files: number;
  partitionKey: string | null;
}

export interface VerifyReport {
  ok: boolean;
  problems: string[];
  counts: CorpusCounts;
  local: CorpusCounts;
  s3: CorpusCounts;
  byProject: Record<string, CorpusCounts>;
  /** S3 apps whose events are spread over at least two log objects. */
  s3AppsWithSeveralFiles: number;
  seconds: number;
}

const parseTime = (text: string) => Date.parse(text.endsWith('Z') ? text : `${text}Z`);

export function verifyCorpus(
  dir: string,
  manifest: CorpusManifest | null = readCorpusManifest(dir),
): VerifyReport {
  const started = performance.now();
  const root = resolve(dir);
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < 50) problems.push(text);
    else if (problems.length === 50) problems.push('… further problems not listed');
  };
  const apps = new Map<string, AppRecord>();
  const tzByProject = new Map((manifest?.projectDetails ?? []).map((p) => [p.name, p.tzOffsetMinutes]));

  const appFor = (key: string, project: string, layout: 'local' | 's3', pk: string | null) => {
    let app = apps.get(key);
    if (!app) {
      app = {
        project,
        layout,
        counts: emptyCounts(),
        steps: new Map(),
        spans: new Map(),
        attributeSpans: [],
        fileOrder: [],
        files: 0,
        partitionKey: pk,
      };
      app.counts.apps = 1;
      apps.set(key, app);
    }
    return app;
  };

  const countMeta = (
    app: AppRecord,
    path: string,
    pythonStyle: boolean,
    expectPk: string | null | undefined,
  ) => {
    const text = readFileSync(path, 'utf8');
    app.counts.metaFiles++;
    app.counts.metaBytes += Buffer.byteLength(text);
    const doc = JSON.parse(text) as Record<string, unknown>;
    // Local: Python json.dumps defaults (", " and ": "); S3: compact. Neither ends with a newline.
    const compact = text === JSON.stringify(doc);
    if (pythonStyle ? compact || !text.startsWith('{"type": "') : !compact)
      problem(`${path}: unexpected JSON style`);
    if (path.endsWith('metadata.json')) {
      if (doc.type !== 'application_metadata') problem(`${path}: not application_metadata`);
      if (expectPk !== undefined && doc.partition_key !== expectPk)
        problem(`${path}: partition_key mismatch`);
      app.partitionKey = (doc.partition_key as string | null) ?? null;
    } else if (doc.type !== 'application') problem(`${path}: not an application graph`);
  };

  const readLog = (app: AppRecord, path: string, trailingNewline: boolean) => {
    const buf = readFileSync(path);
    app.counts.files++;
    app.files++;
    app.counts.bytes += buf.length;
    if (buf.length > 0 && (buf[buf.length - 1] === 10) !== trailingNewline) {
      problem(`${path}: ${trailingNewline ? 'missing' : 'unexpected'} trailing newline`);
    }
    const text = buf.toString('utf8');
    const parts = text.split('\n');
    if (trailingNewline) parts.pop();
    let firstSeq: number | null = null;
    for (const [i, raw] of parts.entries()) {
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch (error) {
        problem(`${path}:${i + 1}: invalid JSON (${String(error)})`);
        continue;
      }
      const bytes = Buffer.byteLength(raw);
      app.counts.lines++;
      if (bytes > app.counts.maxLineBytes) app.counts.maxLineBytes = bytes;
      if (bytes >= LARGE_LINE_BYTES) app.counts.largeLines++;
      const seq = (line.sequence_id ?? line.action_sequence_id) as number;
      firstSeq ??= seq;
      checkLine(app, line, `${path}:${i + 1}`);
    }
    return firstSeq;
  };

  const checkLine = (app: AppRecord, line: Line, where: string) => {
    const expected = KEY_ORDER[line.type];
    if (!expected) {
      problem(`${where}: unknown type ${String(line.type)}`);
      return;
    }
    app.counts.lineTypes[line.type]++;
    const keys = Object.keys(line);
    const hasTiming = line.type === 'end_stream' && keys.length > expected.length;
    const wantKeys = hasTiming ? [...expected, ...TIMING_KEYS] : expected;
    if (keys.join() !== wantKeys.join()) problem(`${where}: key order ${keys.join()} != ${wantKeys.join()}`);
    const [timeKey, utc] = TIME_FIELD[line.type];
    const timeText = line[timeKey];
    if (typeof timeText !== 'string' || !(utc ? UTC : NAIVE).test(timeText)) {
      problem(`${where}: ${timeKey} ${String(timeText)} is not ${utc ? 'UTC (Z)' : 'naive'} ISO`);
      return;
    }
    // Put both clock families on UTC using the project's offset, to check they agree.
    const tz = (tzByProject.get(app.project) ?? 0) * 60_000;
    const at = parseTime(timeText) - (utc ? 0 : tz);
    const seq = (
      line.type === 'begin_entry' || line.type === 'end_entry' ? line.sequence_id : line.action_sequence_id
    ) as number;
    let step = app.steps.get(seq);
    if (!step) {
      step = { action: '', streamBegins: 0, streamEnds: 0, firstItems: 0 };
      app.steps.set(seq, step);
    }
    switch (line.type) {
      case 'begin_entry':
        if (step.begin !== undefined) problem(`${where}: duplicate begin_entry ${seq}`);
        step.begin = at;
        step.action = line.action as string;
        break;
      case 'end_entry':
        if (step.end !== undefined) problem(`${where}: duplicate end_entry ${seq}`);
        step.end = at;
        step.failed = line.exception !== null;
        if (step.failed && !String(line.exception).startsWith('Traceback'))
          problem(`${where}: exception text`);
        if (line.action !== step.action && step.action !== '') problem(`${where}: action mismatch`);
        if (typeof line.state !== 'object' || line.state === null)
          problem(`${where}: state is not an object`);
        break;
      case 'begin_span':
      case 'end_span': {
        const id = line.span_id as string;
        const span = app.spans.get(`${seq}|${id}`) ?? { begun: 0, ended: 0, parent: null };
        if (line.type === 'begin_span') {
          span.begun++;
          span.parent = line.parent_span_id as string | null;
          if (!id.startsWith(`${seq}:`)) problem(`${where}: span id ${id} not of step ${seq}`);
        } else span.ended++;
        app.spans.set(`${seq}|${id}`, span);
        break;
      }
      case 'attribute':
        app.attributeSpans.push(`${seq}|${String(line.span_id)}`);
        break;
      case 'begin_stream':
        step.streamBegins++;
        step.streamInit = at;
        break;
      case 'first_item_stream':
        step.firstItems++;
        step.firstItem = at;
        break;
      case 'end_stream': {
        step.streamEnds++;
        step.streamEnd = at;
        step.items = line.items_streamed as number;
        if (!hasTiming) step.timing = 'legacy';
        else if (typeof line.generation_time_ms === 'number') step.timing = 'hooks';
        else step.timing = 'null';
        step.generationMs = line.generation_time_ms as number | null;
        step.consumerMs = line.consumer_time_ms as number | null;
        step.firstItemMs = line.first_item_time_ms as number | null;
        break;
      }
    }
  };

  // Local tree: <root>/local/<project>/<app_id>/
  const localRoot = join(root, 'local');
  for (const project of safeReaddir(localRoot)) {
    for (const appId of safeReaddir(join(localRoot, project))) {
      const appDir = join(localRoot, project, appId);
      const app = appFor(`local|${project}|${appId}`, project, 'local', null);
      countMeta(app, join(appDir, 'graph.json'), true, undefined);
      countMeta(app, join(appDir, 'metadata.json'), true, undefined);
      readLog(app, join(appDir, 'log.jsonl'), true);
    }
  }

  // S3 tree: <root>/s3/data/<project>/YYYY/MM/DD/HH/MM:SS.ffffff/<pk|__none__>/<app_id>/<file>
  const dataRoot = join(root, 's3', 'data');
  const s3Files = [...listFiles(dataRoot, '.json'), ...listFiles(dataRoot, '.jsonl')];
  for (const path of s3Files) {
    const parts = relative(dataRoot, path).split(sep);
    if (parts.length !== 9) {
      problem(`${path}: unexpected S3 key depth`);
      continue;
    }
    const [project, yyyy, mm, dd, hh, minSec, pkFolder, appId, name] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const timeFolder = `${yyyy}/${mm}/${dd}/${hh}/${minSec}`;
    if (!TIME_FOLDER.test(timeFolder)) problem(`${path}: bad time folder`);
    const pk = pkFolder === '__none__' ? null : pkFolder;
    const app = appFor(`s3|${project}|${pkFolder}|${appId}`, project, 's3', pk);
    if (name === 'graph.json' || name === 'metadata.json') countMeta(app, path, false, pk);
    else if (/^[0-9a-f-]{36}__log\.jsonl$/.test(name)) {
      const firstSeq = readLog(app, path, false);
      if (firstSeq !== null) app.fileOrder.push([timeFolder, firstSeq]);
    } else problem(`${path}: unexpected file name`);
  }

  // Per-app pairing rules, then the semantic counts.
  let s3AppsWithSeveralFiles = 0;
  const byProject: Record<string, CorpusCounts> = {};
  const projectsSeen = new Set<string>();
  for (const [key, app] of apps) {
    const c = app.counts;
    for (const [seq, step] of app.steps) {
      if (step.begin === undefined || step.end === undefined) problem(`${key}: step ${seq} not paired`);
      if (step.begin !== undefined && step.end !== undefined && step.end < step.begin)
        problem(`${key}: step ${seq} ends before it starts`);
      if (step.failed) c.failedSteps++;
      if (step.streamBegins === 0 && step.streamEnds === 0) continue;
      if (step.streamBegins !== 1 || step.streamEnds !== 1) problem(`${key}: stream ${seq} not paired`);
      if (step.firstItems > 1 || (step.firstItems === 1) !== (step.items ?? 0) > 0) {
        problem(`${key}: stream ${seq}: first_item_stream vs items_streamed ${String(step.items)}`);
      }
      if (step.failed) c.failedStreams++;
      if (step.timing === 'hooks') c.timedStreams++;
      else if (step.timing === 'legacy') c.legacyStreams++;
      else c.nullTimingStreams++;
      if (step.items === 0) c.zeroItemStreams++;
      c.itemsStreamed += step.items ?? 0;
      // Clock families: the stream (UTC) must sit inside its step (naive local, shifted by the offset).
      if (step.streamInit !== undefined && step.begin !== undefined && step.end !== undefined) {
        if (step.streamInit < step.begin - 1 || step.streamInit > step.end + 1)
          problem(`${key}: stream ${seq} outside its step`);
      }
      if (step.timing === 'hooks' && step.firstItem !== undefined && step.streamInit !== undefined) {
        const ttft = step.firstItem - step.streamInit;
        if (Math.abs(ttft - (step.firstItemMs ?? 0)) > 2)
          problem(`${key}: stream ${seq}: first_item_time_ms ${step.firstItemMs} vs ${ttft}`);
        const wall = (step.streamEnd ?? 0) - step.streamInit;
        if (wall + 1 < (step.generationMs ?? 0) + (step.consumerMs ?? 0))
          problem(`${key}: stream ${seq}: timing exceeds wall time`);
      }
    }
    for (const [id, span] of app.spans) {
      if (span.begun !== 1 || span.ended !== 1) problem(`${key}: span ${id} not paired`);
      const seq = id.split('|')[0];
      if (span.parent !== null && !app.spans.has(`${seq}|${span.parent}`))
        problem(`${key}: span ${id} parent missing`);
    }
    for (const spanKey of app.attributeSpans)
      if (!app.spans.has(spanKey)) problem(`${key}: attribute of unknown span ${spanKey}`);
    if (app.layout === 's3') {
      if (app.files >= 2) s3AppsWithSeveralFiles++;
      const order = [...app.fileOrder].sort((a, b) => a[0].localeCompare(b[0]));
      for (let i = 1; i < order.length; i++) {
        if ((order[i]?.[1] ?? 0) < (order[i - 1]?.[1] ?? 0)) problem(`${key}: log objects out of time order`);
      }
    }
    c.steps = c.lineTypes.begin_entry;
    c.streams = c.lineTypes.begin_stream;
    c.spans = c.lineTypes.begin_span;
    c.attributes = c.lineTypes.attribute;
    if (c.lineTypes.end_entry !== c.steps) problem(`${key}: begin_entry/end_entry counts differ`);
    if (!projectsSeen.has(app.project)) {
      projectsSeen.add(app.project);
      c.projects = 1;
    }
    byProject[app.project] ??= emptyCounts();
    addCounts(byProject[app.project] as CorpusCounts, c);
  }

  const local = emptyCounts();
  const s3 = emptyCounts();
  for (const app of apps.values()) addCounts(app.layout === 'local' ? local : s3, app.counts);
  const counts = emptyCounts();
  addCounts(counts, local);
  addCounts(counts, s3);

  if (manifest) {
    compare('total', manifest, counts, problem);
    compare('local', manifest.local, local, problem);
    compare('s3', manifest.s3, s3, problem);
    for (const p of manifest.projectDetails) compare(p.name, p, byProject[p.name] ?? emptyCounts(), problem);
  } else {
    problem('no manifest to compare against');
  }
  return {
    ok: problems.length === 0,
    problems,
    counts,
    local,
    s3,
    byProject,
    s3AppsWithSeveralFiles,
    seconds: (performance.now() - started) / 1000,
  };
}

function compare(
  label: string,
  expected: CorpusCounts,
  found: CorpusCounts,
  problem: (text: string) => void,
): void {
  for (const key of Object.keys(found) as (keyof CorpusCounts)[]) {
    if (key === 'lineTypes') {
      for (const t of LINE_TYPES) {
        if (expected.lineTypes[t] !== found.lineTypes[t]) {
          problem(
            `${label}: lineTypes.${t} manifest ${expected.lineTypes[t]} != counted ${found.lineTypes[t]}`,
          );
        }
      }
    } else if (expected[key] !== found[key]) {
      problem(`${label}: ${key} manifest ${String(expected[key])} != counted ${String(found[key])}`);
    }
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => statSync(join(dir, name)).isDirectory())
      .sort();
  } catch {
    return [];
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: verify-corpus.ts DIR\n');
    process.exitCode = 1;
  } else {
    const report = verifyCorpus(dir);
    const { ok, problems, counts, s3AppsWithSeveralFiles, seconds } = report;
    process.stdout.write(
      `${JSON.stringify({ ok, problems, counts, s3AppsWithSeveralFiles, seconds }, null, 2)}\n`,
    );
    if (!ok) process.exitCode = 1;
  }
}
