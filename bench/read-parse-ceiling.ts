/**
 * The read+parse ceiling: the fastest a single JS thread can read every Burr file of a corpus
 * and JSON.parse it, storing nothing: each line of the *.jsonl logs, and each graph.json /
 * metadata.json as one document (the importer must read those too). The importer does at
 * least this much work (then validates and inserts), so the benchmark reports its speed
 * against this number, measured in the same run on the same files.
 *
 * Kept honest: sequential 1 MiB readSync into one reused Buffer, newline search with the
 * native Buffer#indexOf (memchr), one utf8 decode and one JSON.parse per line, no per-line
 * allocation beyond what decoding and parsing need, and a sink so V8 cannot drop the parse.
 *
 * CLI: npx tsx bench/read-parse-ceiling.ts DIR [--runs 3] [--decoder buffer|text-decoder]
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from './list-files';

export interface CeilingOptions {
  /** Read size; the buffer grows only for a line longer than this. Default 1 MiB. */
  chunkBytes?: number;
  /** `buffer`: buf.toString('utf8', start, end) (default, measured faster); `text-decoder`: TextDecoder. */
  decoder?: 'buffer' | 'text-decoder';
  /** Measure this many times and report the fastest (a ceiling), default 1. */
  runs?: number;
  /** Files to read instead of every *.jsonl, graph.json and metadata.json under `dir`. */
  files?: string[];
}

export interface CeilingResult {
  files: number;
  bytes: number;
  lines: number;
  /** Wall time of the fastest run, including the directory walk and opening files (an importer
   * has to find its files too). */
  seconds: number;
  /** Part of `seconds` spent listing the files (S3 trees have many small folders). */
  listSeconds: number;
  /** Decimal megabytes (1e6 bytes) per second, the same unit as generate-corpus --mb. */
  mbPerS: number;
  linesPerS: number;
  /** Every run's seconds, in order: the spread shows page-cache and machine noise. */
  runSeconds: number[];
  /** Derived from the parsed objects; only there so the parse has an observable result. */
  sink: number;
}

/** Module-level, so the optimiser must assume someone reads it. */
export let lastParsed: unknown = null;

const NEWLINE = 10;

export function measureReadParseCeiling(dir: string, options: CeilingOptions = {}): CeilingResult {
  const runs = Math.max(1, options.runs ?? 1);
  const runSeconds: number[] = [];
  let best: Omit<CeilingResult, 'runSeconds'> | null = null;
  for (let i = 0; i < runs; i++) {
    const result = readParseOnce(dir, options);
    runSeconds.push(result.seconds);
    if (best === null || result.seconds < best.seconds) best = result;
  }
  return { ...(best as Omit<CeilingResult, 'runSeconds'>), runSeconds };
}

function readParseOnce(dir: string, options: CeilingOptions): Omit<CeilingResult, 'runSeconds'> {
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  const textDecoder = options.decoder === 'text-decoder' ? new TextDecoder('utf-8') : null;
  const started = process.hrtime.bigint();
  const files = options.files ?? listFiles(dir, ['.jsonl', 'graph.json', 'metadata.json']);
  const listSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  let buf = Buffer.allocUnsafe(chunkBytes);
  let bytes = 0;
  let lines = 0;
  let sink = 0;

  const parse = (from: number, to: number) => {
    const text = textDecoder ? textDecoder.decode(buf.subarray(from, to)) : buf.toString('utf8', from, to);
    const value = JSON.parse(text) as { type?: string; sequence_id?: number; action_sequence_id?: number };
    // Touch a field like an importer would (dispatch on type, key by sequence id).
    sink = (sink + (value.sequence_id ?? value.action_sequence_id ?? 0) + (value.type?.length ?? 0)) | 0;
    lastParsed = value;
    lines++;
  };

  for (const file of files) {
    if (file.endsWith('.json')) {
      // An app's graph.json / metadata.json: one JSON document, read whole.
      const text = readFileSync(file, 'utf8');
      bytes += Buffer.byteLength(text);
      const value = JSON.parse(text) as { type?: string };
      sink = (sink + (value.type?.length ?? 0)) | 0;
      lastParsed = value;
      continue;
    }
    const fd = openSync(file, 'r');
    try {
      let start = 0; // first byte of the unfinished line
      let end = 0; // end of valid data in buf
      for (;;) {
        if (start === end) {
          start = 0;
          end = 0;
        } else if (buf.length - end < chunkBytes / 4) {
          if (start > 0) {
            // Move the unfinished line to the front so the next read has room.
            buf.copy(buf, 0, start, end);
            end -= start;
            start = 0;
          } else if (end === buf.length) {
            // A line longer than the buffer: grow (rare, the ~1 MB state lines).
            const bigger = Buffer.allocUnsafe(buf.length * 2);
            buf.copy(bigger, 0, 0, end);
            buf = bigger;
          }
        }
        const n = readSync(fd, buf, end, buf.length - end, null);
        if (n === 0) break;
        const scanFrom = end;
        end += n;
        bytes += n;
        // Search only the fresh bytes; a view bounded at `end` keeps indexOf off stale data.
        const view = end === buf.length ? buf : buf.subarray(0, end);
        let nl = view.indexOf(NEWLINE, scanFrom);
        while (nl !== -1) {
          if (nl > start) parse(start, nl);
          start = nl + 1;
          nl = view.indexOf(NEWLINE, start);
        }
      }
      // S3 objects end without a newline: the rest is a complete last line.
      if (end > start) parse(start, end);
    } finally {
      closeSync(fd);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    files: files.length,
    bytes,
    lines,
    seconds,
    listSeconds,
    mbPerS: bytes / 1e6 / seconds,
    linesPerS: lines / seconds,
    sink,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const dir = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const decoder = get('--decoder');
  if (!dir || (decoder !== undefined && decoder !== 'buffer' && decoder !== 'text-decoder')) {
    process.stderr.write('usage: read-parse-ceiling.ts DIR [--runs N] [--decoder buffer|text-decoder]\n');
    process.exitCode = 1;
  } else {
    const result = measureReadParseCeiling(dir, { runs: Number(get('--runs') ?? '1'), decoder });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
