import type { LineRef } from '../store/import-rows';
import type { ImportWriter } from '../store/import-writer';
import { FLAG, KIND, type LineBatch, NUM, NUMS_PER_LINE } from './line-batch';

export interface BatchOutcome {
  lines: number;
  quarantined: number;
  invalidUtf8: number;
  /** Sum of the lines' byte lengths. */
  lineBytes: number;
}

const INVALID_UTF8_REASON = 'invalid UTF-8: bad bytes were replaced with U+FFFD and the line imported';

/** Writes a batch of parsed lines of one file: their rows, or their quarantine rows. */
export function applyLineBatch(
  writer: ImportWriter,
  batch: LineBatch,
  appRef: number,
  fileRef: number,
): BatchOutcome {
  const { kinds, nums, strs } = batch;
  const outcome: BatchOutcome = { lines: batch.count, quarantined: 0, invalidUtf8: 0, lineBytes: 0 };
  let si = 0;
  const str = (): string => strs[si++] as string;
  const strOrNull = (): string | null => strs[si++] ?? null;
  const numOrNull = (n: number): number | null => (Number.isNaN(n) ? null : n);
  // One reference object for the whole batch: the writer reads it synchronously and keeps nothing.
  const ref: LineRef = { file: fileRef, offset: 0, len: 0 };
  for (let i = 0; i < batch.count; i++) {
    const o = i * NUMS_PER_LINE;
    ref.offset = nums[o + NUM.offset] as number;
    ref.len = nums[o + NUM.len] as number;
    const lineNo = nums[o + NUM.lineNo] as number;
    const flags = nums[o + NUM.flags] as number;
    const seq = nums[o + NUM.seq] as number;
    const us = nums[o + NUM.us] as number;
    outcome.lineBytes += ref.len;
    if (flags & FLAG.invalidUtf8) {
      outcome.invalidUtf8++;
      writer.quarantine(ref, lineNo, INVALID_UTF8_REASON, str(), true);
    }
    switch (kinds[i]) {
      case KIND.stepBegin:
        writer.stepBegin(appRef, seq, str(), us, ref);
        break;
      case KIND.stepEnd:
        writer.stepEnd(appRef, seq, str(), us, strOrNull(), ref);
        break;
      case KIND.streamBegin:
        writer.streamBegin(appRef, seq, str(), us, ref);
        break;
      case KIND.streamFirst:
        writer.streamFirstItem(appRef, seq, str(), us, fileRef);
        break;
      case KIND.streamEnd:
        writer.streamEnd(
          appRef,
          seq,
          str(),
          {
            endUs: us,
            items: nums[o + NUM.a] as number,
            generationMs: numOrNull(nums[o + NUM.b] as number),
            consumerMs: numOrNull(nums[o + NUM.c] as number),
            firstItemMs: numOrNull(nums[o + NUM.d] as number),
          },
          ref,
        );
        break;
      // Spans and attributes are read back from their lines by the run view (run-trace.ts): only a
      // span's key, the count and the line's place are kept.
      case KIND.spanBegin:
        writer.spanBegin(appRef, seq, str(), ref);
        break;
      case KIND.spanEnd:
        writer.spanEnd(appRef, seq, str(), ref);
        break;
      case KIND.attribute:
        writer.attribute(ref);
        break;
      case KIND.child:
        writer.child(appRef, str(), strOrNull(), str(), numOrNull(seq), ref);
        break;
      case KIND.raw:
        writer.rawEvent(appRef, strOrNull(), numOrNull(seq), ref);
        break;
      case KIND.bad:
        writer.quarantine(ref, lineNo, str(), str(), false);
        outcome.quarantined++;
        break;
      default:
        break; // blank
    }
  }
  return outcome;
}
