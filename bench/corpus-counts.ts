/** The exact counts a generated corpus promises; the importer benchmark asserts against them. */

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

/** Lines at least this long are counted as `largeLines` (the "~1 MB state" lines). */
export const LARGE_LINE_BYTES = 512 * 1024;

/**
 * Definitions (bench/verify-corpus.ts recounts each one from the files):
 * - apps: distinct (project, partition_key, app_id); app ids are unique corpus-wide.
 * - steps: begin_entry lines (each has exactly one end_entry); failedSteps: end_entry with an exception.
 * - streams: begin_stream lines (each has exactly one end_stream).
 * - failedStreams: streams whose step's end_entry has an exception (end_stream is still written).
 * - timedStreams: end_stream with a numeric generation_time_ms (timing source `hooks`);
 *   legacyStreams: no timing fields at all; nullTimingStreams: the three fields present but null
 *   (hooks never fired). The last two both fall back to `legacy` numbers.
 * - zeroItemStreams: items_streamed 0 (no first_item_stream); itemsStreamed: sum of items_streamed.
 * - spans: begin_span lines; attributes: attribute lines.
 * - lines, bytes, files: *.jsonl only (bytes include newlines); metaFiles, metaBytes: graph.json
 *   and metadata.json.
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

export function emptyCounts(): CorpusCounts {
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

export function addCounts(into: CorpusCounts, from: CorpusCounts): void {
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

/** Counts one written log line of `bytes` bytes plus `newline` separator bytes. */
export function countLine(counts: CorpusCounts, type: LineType, bytes: number, newline: number): void {
  counts.lines++;
  counts.lineTypes[type]++;
  counts.bytes += bytes + newline;
  if (bytes > counts.maxLineBytes) counts.maxLineBytes = bytes;
  if (bytes >= LARGE_LINE_BYTES) counts.largeLines++;
}

/** The counts that are, by definition, line-type counts. */
export function deriveLineCounts(counts: CorpusCounts): void {
  counts.steps = counts.lineTypes.begin_entry;
  counts.streams = counts.lineTypes.begin_stream;
  counts.spans = counts.lineTypes.begin_span;
  counts.attributes = counts.lineTypes.attribute;
}
