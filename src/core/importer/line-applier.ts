import type { ImportWriter, LineRef } from '../store/import-writer';
import type { ParsedLine } from './line-parser';

export interface LineContext {
  appRef: number;
  ref: LineRef;
  lineNo: number;
}

export interface LineOutcome {
  ok: boolean;
  invalidUtf8: boolean;
}

const INVALID_UTF8_REASON = 'invalid UTF-8: bad bytes were replaced with U+FFFD and the line imported';

/** Writes one parsed line: its rows, or its quarantine row. */
export function applyParsedLine(writer: ImportWriter, parsed: ParsedLine, ctx: LineContext): LineOutcome {
  const { appRef, ref } = ctx;
  const r = parsed.record;
  if (parsed.invalidUtf8) writer.quarantine(ref, ctx.lineNo, INVALID_UTF8_REASON, parsed.excerpt ?? '', true);
  switch (r.kind) {
    case 'stepBegin':
      writer.stepBegin(appRef, r.seq, r.action, r.us, ref);
      break;
    case 'stepEnd':
      writer.stepEnd(appRef, r.seq, r.action, r.us, r.exception, ref);
      break;
    case 'streamBegin':
      writer.streamBegin(appRef, r.seq, r.span, r.us, ref);
      break;
    case 'streamFirst':
      writer.streamFirstItem(appRef, r.seq, r.span, r.us, ref.file);
      break;
    case 'streamEnd':
      writer.streamEnd(
        appRef,
        r.seq,
        r.span,
        {
          endUs: r.us,
          items: r.items,
          generationMs: r.generationMs,
          consumerMs: r.consumerMs,
          firstItemMs: r.firstItemMs,
        },
        ref,
      );
      break;
    case 'spanBegin':
      writer.spanBegin(appRef, r.seq, r.spanId, r.name, r.parent, r.time, ref);
      break;
    case 'spanEnd':
      writer.spanEnd(appRef, r.seq, r.spanId, r.time);
      break;
    case 'attribute':
      writer.attribute(appRef, r.seq, r.spanId, r.key, r.valueJson, r.cut, r.us, ref);
      break;
    case 'child':
      writer.child(appRef, r.childAppId, r.childPartitionKey, r.eventType, r.seq, ref);
      break;
    case 'raw':
      writer.rawEvent(appRef, r.type, r.seq, ref);
      break;
    case 'bad':
      writer.quarantine(ref, ctx.lineNo, r.reason, r.excerpt, false);
      return { ok: false, invalidUtf8: parsed.invalidUtf8 };
    case 'blank':
      break;
  }
  return { ok: true, invalidUtf8: parsed.invalidUtf8 };
}
