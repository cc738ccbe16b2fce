import { formatBurrTime } from '../burr/timestamps';
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

interface SpanRow {
  sequence_id: number;
  span_id: string;
  name: string | null;
  parent_span_id: string | null;
  start_us: number | null;
  start_utc: number | null;
  end_us: number | null;
  end_utc: number | null;
}

const ref = (file: number | null, offset: number | null, length: number | null) =>
  file === null || offset === null || length === null ? null : { fileRef: file, offset, length };

/** Steps, spans and attributes of one app, in sequence order. */
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
  const spanRows = db
    .prepare(
      `SELECT sequence_id, span_id, name, parent_span_id, start_us, start_utc, end_us, end_utc
       FROM spans WHERE app_ref = ? ORDER BY sequence_id, start_us`,
    )
    .all(appRef) as SpanRow[];
  const spans = spanRows.map((s) => {
    const stepStartUs = stepStart.get(s.sequence_id) ?? null;
    // Only relate times of one clock family: a naive span start to a naive step start.
    const startOffsetMs =
      s.start_us !== null && s.start_utc === 0 && stepStartUs !== null
        ? (s.start_us - stepStartUs) / 1000
        : null;
    const durationMs =
      s.start_us !== null && s.end_us !== null && s.start_utc === s.end_utc
        ? (s.end_us - s.start_us) / 1000
        : null;
    return {
      sequenceId: s.sequence_id,
      spanId: s.span_id,
      name: s.name,
      parentSpanId: s.parent_span_id,
      startOffsetMs,
      durationMs,
    };
  });
  const attributes = (
    db
      .prepare(
        'SELECT sequence_id, span_id, key, value, value_cut FROM attributes WHERE app_ref = ? ORDER BY sequence_id, id',
      )
      .all(appRef) as {
      sequence_id: number;
      span_id: string | null;
      key: string;
      value: string | null;
      value_cut: number;
    }[]
  ).map((a) => ({
    sequenceId: a.sequence_id,
    spanId: a.span_id,
    key: a.key,
    value: a.value,
    cut: a.value_cut === 1,
  }));
  return { steps, spans, attributes };
}
