import { formatBurrTime } from '../burr/timestamps';
import { readRunTrace } from '../run-trace';
import type { StoreDatabase } from './open-store';

interface StepRow {
  sequence_id: number;
  action: string | null;
  start_us: number | null;
  end_us: number | null;
  failed: number;
  exception: string | null;
  begin_file: number | null;
  begin_offset: number | null;
  begin_len: number | null;
  end_file: number | null;
  end_offset: number | null;
  end_len: number | null;
}

const ref = (file: number | null, offset: number | null, length: number | null) =>
  file === null || offset === null || length === null ? null : { fileRef: file, offset, length };

/** Steps, spans and attributes of one app, in sequence order; `traceProblems` names log files that could not be read back. */
export function getRunDetail(db: StoreDatabase, appRef: number) {
  const stepRows = db
    .prepare('SELECT * FROM steps WHERE app_ref = ? ORDER BY sequence_id')
    .all(appRef) as StepRow[];
  const stepStart = new Map<number, number | null>(stepRows.map((s) => [s.sequence_id, s.start_us]));
  const steps = stepRows.map((s) => ({
    sequenceId: s.sequence_id,
    action: s.action,
    start: s.start_us === null ? null : formatBurrTime(s.start_us, false),
    end: s.end_us === null ? null : formatBurrTime(s.end_us, false),
    durationMs: s.start_us !== null && s.end_us !== null ? (s.end_us - s.start_us) / 1000 : null,
    failed: s.failed === 1,
    exception: s.exception,
    beginRef: ref(s.begin_file, s.begin_offset, s.begin_len),
    endRef: ref(s.end_file, s.end_offset, s.end_len),
  }));
  // Spans and attributes are read back from the app's log files (they are not copied: the span_keys migration).
  const trace = readRunTrace(db, appRef);
  const spans = trace.spans.map((s) => {
    const stepStartUs = stepStart.get(s.seq) ?? null;
    // Only relate times of one clock family: a naive span start to a naive step start.
    const startOffsetMs =
      s.start !== null && !s.start.utc && stepStartUs !== null ? (s.start.us - stepStartUs) / 1000 : null;
    const durationMs =
      s.start !== null && s.end !== null && s.start.utc === s.end.utc ? (s.end.us - s.start.us) / 1000 : null;
    return {
      sequenceId: s.seq,
      spanId: s.spanId,
      name: s.name,
      parentSpanId: s.parent,
      startOffsetMs,
      durationMs,
    };
  });
  const attributes = trace.attributes.map((a) => ({
    sequenceId: a.seq,
    spanId: a.spanId,
    key: a.key,
    value: a.value,
    cut: a.cut,
  }));
  return { steps, spans, attributes, traceProblems: trace.problems };
}
