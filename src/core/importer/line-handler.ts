import { isUtf8 } from 'node:buffer';
import type { z } from 'zod';
import { type BurrTime, parseBurrTime } from '../burr/timestamps';
import { isKnownLineType, lineSchemas } from '../burr/line-schemas';
import type { ImportWriter, LineRef } from '../store/import-writer';

/**
 * Turns one complete line into rows: decode → JSON.parse → zod → writer.
 * A line that cannot be used becomes a quarantine row with a reason a person
 * can act on; nothing throws out of here for bad input.
 */
export interface LineContext {
  appRef: number;
  ref: LineRef;
  lineNo: number;
}

export interface LineOutcome {
  ok: boolean;
  invalidUtf8: boolean;
}

const EXCERPT_BYTES = 1024;
const MAX_ATTRIBUTE_VALUE = 2048;
const REPLACEMENT_CHAR = '\uFFFD';

class BadLine extends Error {}

export class LineHandler {
  constructor(private readonly writer: ImportWriter) {}

  handle(buf: Buffer, start: number, end: number, ctx: LineContext): LineOutcome {
    const text = buf.toString('utf8', start, end);
    // toString already replaced invalid sequences; only confirm (and count) when a U+FFFD shows up.
    const invalidUtf8 = text.includes(REPLACEMENT_CHAR) && !isUtf8(buf.subarray(start, end));
    if (invalidUtf8) {
      this.writer.quarantine(
        ctx.ref,
        ctx.lineNo,
        'invalid UTF-8: bad bytes were replaced with U+FFFD and the line imported',
        excerptOf(text),
        true,
      );
    }
    if (text.trim() === '') return { ok: true, invalidUtf8 };
    try {
      this.dispatch(parseLine(text), ctx);
      return { ok: true, invalidUtf8 };
    } catch (error) {
      const reason = error instanceof BadLine ? error.message : `could not import: ${String(error)}`;
      this.writer.quarantine(ctx.ref, ctx.lineNo, reason, excerptOf(text), false);
      return { ok: false, invalidUtf8 };
    }
  }

  private dispatch(obj: Record<string, unknown>, ctx: LineContext): void {
    const { appRef, ref } = ctx;
    const type = obj.type;
    if (!isKnownLineType(type)) {
      // The format grows: keep what we do not know, with a pointer to the full line.
      const seq = obj.sequence_id ?? obj.action_sequence_id;
      this.writer.rawEvent(
        appRef,
        typeof type === 'string' ? type : null,
        Number.isInteger(seq) ? (seq as number) : null,
        ref,
      );
      return;
    }
    const w = this.writer;
    switch (type) {
      case 'begin_entry': {
        const line = validate(lineSchemas.begin_entry, obj, type);
        w.stepBegin(appRef, line.sequence_id, line.action, time(line.start_time, 'start_time').us, ref);
        return;
      }
      case 'end_entry': {
        const line = validate(lineSchemas.end_entry, obj, type);
        w.stepEnd(
          appRef,
          line.sequence_id,
          line.action,
          time(line.end_time, 'end_time').us,
          line.exception ?? null,
          ref,
        );
        return;
      }
      case 'begin_stream': {
        const line = validate(lineSchemas.begin_stream, obj, type);
        w.streamBegin(
          appRef,
          line.action_sequence_id,
          line.span_id ?? '',
          time(line.stream_init_time, 'stream_init_time').us,
          ref,
        );
        return;
      }
      case 'first_item_stream': {
        const line = validate(lineSchemas.first_item_stream, obj, type);
        w.streamFirstItem(
          appRef,
          line.action_sequence_id,
          line.span_id ?? '',
          time(line.first_item_time, 'first_item_time').us,
          ref.file,
        );
        return;
      }
      case 'end_stream': {
        const line = validate(lineSchemas.end_stream, obj, type);
        w.streamEnd(
          appRef,
          line.action_sequence_id,
          line.span_id ?? '',
          {
            endUs: time(line.end_time, 'end_time').us,
            items: line.items_streamed,
            generationMs: line.generation_time_ms ?? null,
            consumerMs: line.consumer_time_ms ?? null,
            firstItemMs: line.first_item_time_ms ?? null,
          },
          ref,
        );
        return;
      }
      case 'begin_span': {
        const line = validate(lineSchemas.begin_span, obj, type);
        w.spanBegin(
          appRef,
          line.action_sequence_id,
          line.span_id,
          line.span_name,
          line.parent_span_id ?? null,
          time(line.start_time, 'start_time'),
          ref,
        );
        return;
      }
      case 'end_span': {
        const line = validate(lineSchemas.end_span, obj, type);
        w.spanEnd(appRef, line.action_sequence_id, line.span_id, time(line.end_time, 'end_time'));
        return;
      }
      case 'attribute': {
        const line = validate(lineSchemas.attribute, obj, type);
        const json = JSON.stringify(line.value ?? null);
        const cut = json.length > MAX_ATTRIBUTE_VALUE;
        const logged = line.time_logged ? time(line.time_logged, 'time_logged').us : null;
        w.attribute(
          appRef,
          line.action_sequence_id,
          line.span_id ?? null,
          line.key,
          cut ? json.slice(0, MAX_ATTRIBUTE_VALUE) : json,
          cut,
          logged,
          ref,
        );
        return;
      }
      case 'child_application_data': {
        const line = validate(lineSchemas.child_application_data, obj, type);
        w.child(
          appRef,
          line.child.app_id,
          line.child.partition_key ?? null,
          line.event_type,
          line.sequence_id ?? null,
          ref,
        );
        return;
      }
    }
  }
}

function parseLine(text: string): Record<string, unknown> {
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

function validate<S extends z.ZodType>(schema: S, obj: unknown, type: string): z.infer<S> {
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

function excerptOf(text: string): string {
  return text.length <= EXCERPT_BYTES ? text : text.slice(0, EXCERPT_BYTES);
}
