import { isUtf8 } from 'node:buffer';
import type { z } from 'zod';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../burr/json-depth';
import { lineChecks } from '../burr/line-checks';
import { isKnownLineType, type KnownLineType, lineSchemas } from '../burr/line-schemas';
import { type BurrTime, parseBurrTime } from '../burr/timestamps';
import { skimJsonObject } from './json-skim';

/**
 * One line of a Burr log as a small record: decode → JSON.parse → zod, with
 * only the fields Stream Lens stores (never `state`/`result`/`inputs`, which
 * stay in the file behind a pointer). Pure: no database, so it runs in the
 * reader worker as well as in-process. Bad input never throws out of here.
 */
export type LineRecord =
  | { kind: 'stepBegin'; seq: number; action: string; us: number }
  | { kind: 'stepEnd'; seq: number; action: string; us: number; exception: string | null }
  | { kind: 'streamBegin'; seq: number; span: string; us: number }
  | { kind: 'streamFirst'; seq: number; span: string; us: number }
  | {
      kind: 'streamEnd';
      seq: number;
      span: string;
      us: number;
      items: number;
      generationMs: number | null;
      consumerMs: number | null;
      firstItemMs: number | null;
    }
  | { kind: 'spanBegin'; seq: number; spanId: string; name: string; parent: string | null; time: BurrTime }
  | { kind: 'spanEnd'; seq: number; spanId: string; time: BurrTime }
  | {
      kind: 'attribute';
      seq: number;
      spanId: string | null;
      key: string;
      valueJson: string;
      cut: boolean;
      us: number | null;
    }
  | {
      kind: 'child';
      childAppId: string;
      childPartitionKey: string | null;
      eventType: string;
      seq: number | null;
    }
  | { kind: 'raw'; type: string | null; seq: number | null }
  | { kind: 'bad'; reason: string; excerpt: string }
  | { kind: 'blank' };

export interface ParsedLine {
  record: LineRecord;
  /** Invalid UTF-8 was replaced with U+FFFD; the line was still used. */
  invalidUtf8: boolean;
  /** The first KiB, kept when the line is quarantined for any reason. */
  excerpt?: string;
}

const EXCERPT_CHARS = 1024;
const MAX_ATTRIBUTE_VALUE = 2048;
const REPLACEMENT_CHAR = '\uFFFD';

class BadLine extends Error {}

/** From this length a line is skimmed (json-skim.ts) rather than decoded and parsed whole. */
const SKIM_FROM_BYTES = 2048;
/** Values the importer never reads: rows point back at the line instead. */
const PAYLOAD_KEYS: ReadonlySet<string> = new Set(['state', 'result', 'inputs']);

export function parseLineBytes(buf: Buffer, start: number, end: number): ParsedLine {
  if (end - start >= SKIM_FROM_BYTES) {
    const skimmed = skimJsonObject(buf.subarray(start, end), PAYLOAD_KEYS);
    if (skimmed) {
      try {
        return { record: toRecord(skimmed), invalidUtf8: false };
      } catch {
        // A schema problem: the exact path below gives the same verdict, with the excerpt.
      }
    }
  }
  const text = buf.toString('utf8', start, end);
  // toString already replaced invalid sequences; only confirm (and count) when a U+FFFD shows up.
  const invalidUtf8 = text.includes(REPLACEMENT_CHAR) && !isUtf8(buf.subarray(start, end));
  const excerpt = invalidUtf8 ? excerptOf(text) : undefined;
  if (isBlank(text)) return { record: { kind: 'blank' }, invalidUtf8, excerpt };
  try {
    return { record: toRecord(parseObject(text)), invalidUtf8, excerpt };
  } catch (error) {
    const reason = error instanceof BadLine ? error.message : `could not import: ${String(error)}`;
    return { record: { kind: 'bad', reason, excerpt: excerptOf(text) }, invalidUtf8, excerpt };
  }
}

function isBlank(text: string): boolean {
  // Checking the ends is enough (a JSON line never starts or ends with blanks inside); avoids copying big lines.
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return isSpace(first) && isSpace(last) && text.trim() === '';
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

function toRecord(obj: Record<string, unknown>): LineRecord {
  const type = obj.type;
  if (!isKnownLineType(type)) {
    // The format grows: keep what we do not know, with a pointer to the full line.
    const seq = obj.sequence_id ?? obj.action_sequence_id;
    return {
      kind: 'raw',
      type: typeof type === 'string' ? type : null,
      seq: Number.isInteger(seq) ? (seq as number) : null,
    };
  }
  switch (type) {
    case 'begin_entry': {
      const line = validate(lineSchemas.begin_entry, obj, type);
      return {
        kind: 'stepBegin',
        seq: line.sequence_id,
        action: line.action,
        us: time(line.start_time, 'start_time').us,
      };
    }
    case 'end_entry': {
      const line = validate(lineSchemas.end_entry, obj, type);
      return {
        kind: 'stepEnd',
        seq: line.sequence_id,
        action: line.action,
        us: time(line.end_time, 'end_time').us,
        exception: line.exception ?? null,
      };
    }
    case 'begin_stream': {
      const line = validate(lineSchemas.begin_stream, obj, type);
      return {
        kind: 'streamBegin',
        seq: line.action_sequence_id,
        span: line.span_id ?? '',
        us: time(line.stream_init_time, 'stream_init_time').us,
      };
    }
    case 'first_item_stream': {
      const line = validate(lineSchemas.first_item_stream, obj, type);
      return {
        kind: 'streamFirst',
        seq: line.action_sequence_id,
        span: line.span_id ?? '',
        us: time(line.first_item_time, 'first_item_time').us,
      };
    }
    case 'end_stream': {
      const line = validate(lineSchemas.end_stream, obj, type);
      return {
        kind: 'streamEnd',
        seq: line.action_sequence_id,
        span: line.span_id ?? '',
        us: time(line.end_time, 'end_time').us,
        items: line.items_streamed,
        generationMs: line.generation_time_ms ?? null,
        consumerMs: line.consumer_time_ms ?? null,
        firstItemMs: line.first_item_time_ms ?? null,
      };
    }
    case 'begin_span': {
      const line = validate(lineSchemas.begin_span, obj, type);
      return {
        kind: 'spanBegin',
        seq: line.action_sequence_id,
        spanId: line.span_id,
        name: line.span_name,
        parent: line.parent_span_id ?? null,
        time: time(line.start_time, 'start_time'),
      };
    }
    case 'end_span': {
      const line = validate(lineSchemas.end_span, obj, type);
      return {
        kind: 'spanEnd',
        seq: line.action_sequence_id,
        spanId: line.span_id,
        time: time(line.end_time, 'end_time'),
      };
    }
    case 'attribute': {
      const line = validate(lineSchemas.attribute, obj, type);
      if (exceedsJsonDepth(line.value)) throw new BadLine(`value nests deeper than ${MAX_JSON_DEPTH} levels`);
      const json = JSON.stringify(line.value ?? null, refuseNonFinite);
      const cut = json.length > MAX_ATTRIBUTE_VALUE;
      return {
        kind: 'attribute',
        seq: line.action_sequence_id,
        spanId: line.span_id ?? null,
        key: line.key,
        valueJson: cut ? json.slice(0, MAX_ATTRIBUTE_VALUE) : json,
        cut,
        us: line.time_logged ? time(line.time_logged, 'time_logged').us : null,
      };
    }
    case 'child_application_data': {
      const line = validate(lineSchemas.child_application_data, obj, type);
      return {
        kind: 'child',
        childAppId: line.child.app_id,
        childPartitionKey: line.child.partition_key ?? null,
        eventType: line.event_type,
        seq: line.sequence_id ?? null,
      };
    }
  }
}

/**
 * JSON.parse reads `1e400` as Infinity and JSON.stringify would write it back as `null`:
 * a value the log never held. Such a line is quarantined instead (kept, with the reason).
 */
function refuseNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new BadLine(
      'value holds a number too large for a double (e.g. 1e400); it cannot be stored exactly',
    );
  }
  return value;
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.includes('\0'))
      throw new BadLine('contains NUL bytes (the file was pre-allocated or corrupted by a crash)');
    throw new BadLine(`invalid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadLine('not a JSON object: each line of a Burr log is one object');
  }
  return value as Record<string, unknown>;
}

function validate<S extends z.ZodType>(
  schema: S,
  obj: Record<string, unknown>,
  type: KnownLineType,
): z.infer<S> {
  // The quick check passes a subset of what the schema passes; the schema decides (and explains) the rest.
  if (lineChecks[type](obj)) return obj as z.infer<S>;
  const result = schema.safeParse(obj);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`)
    .join('; ');
  throw new BadLine(`does not match the ${type} line format: ${issues}`);
}

function time(text: string, field: string): BurrTime {
  const parsed = parseBurrTime(text);
  if (!parsed) throw new BadLine(`${field} is not an ISO 8601 time: ${JSON.stringify(text.slice(0, 64))}`);
  return parsed;
}

export function excerptOf(text: string): string {
  return text.length <= EXCERPT_CHARS ? text : text.slice(0, EXCERPT_CHARS);
}
