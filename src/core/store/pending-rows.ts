import type { Statement } from 'better-sqlite3';
import type { StoreDatabase } from './open-store';

/**
 * Step, stream and span rows are assembled from several lines (begin, first
 * item, end), which usually sit close together in one file. Rather than one
 * upsert per line, the parts of a row seen in one batch of lines are merged
 * here and written with one upsert that sets only the parts it carries,
 * keeping whatever other files wrote before (an S3 app's begin and end can
 * be in different objects). A third of the statements of an import, saved.
 *
 * The result is the same as writing each part in line order: a part seen
 * twice keeps its last values; a step's action is the begin's, else the
 * first known. `flush()` must run before anything that reads these tables or
 * ends a savepoint (the importer calls it after every batch of lines).
 */
interface LineAt {
  file: number;
  offset: number;
  len: number;
}

interface PendingStep {
  app: number;
  seq: number;
  begin: { action: string; us: number; at: LineAt } | null;
  end: { action: string; us: number; exception: string | null; at: LineAt } | null;
}

interface PendingStream {
  app: number;
  seq: number;
  span: string;
  begin: { us: number; at: LineAt } | null;
  first: { us: number; file: number } | null;
  end: {
    us: number;
    items: number;
    generationMs: number | null;
    consumerMs: number | null;
    firstItemMs: number | null;
    at: LineAt;
  } | null;
}

interface PendingSpan {
  app: number;
  seq: number;
  spanId: string;
  begin: { name: string; parent: string | null; us: number; utc: boolean; at: LineAt } | null;
  end: { us: number; utc: boolean } | null;
}

export interface StreamEndPart {
  endUs: number;
  items: number;
  generationMs: number | null;
  consumerMs: number | null;
  firstItemMs: number | null;
}

export class PendingRows {
  private steps = new Map<string, PendingStep>();
  private streams = new Map<string, PendingStream>();
  private spans = new Map<string, PendingSpan>();
  private readonly s: ReturnType<typeof prepareMergeStatements>;

  constructor(db: StoreDatabase) {
    this.s = prepareMergeStatements(db);
  }

  stepBegin(app: number, seq: number, action: string, us: number, at: LineAt): void {
    this.step(app, seq).begin = { action, us, at: { ...at } };
  }

  stepEnd(app: number, seq: number, action: string, us: number, exception: string | null, at: LineAt): void {
    const step = this.step(app, seq);
    // A second end keeps the first end's action, as COALESCE(action, ...) would in the database.
    step.end = { action: step.end?.action ?? action, us, exception, at: { ...at } };
  }

  streamBegin(app: number, seq: number, span: string, us: number, at: LineAt): void {
    this.stream(app, seq, span).begin = { us, at: { ...at } };
  }

  streamFirstItem(app: number, seq: number, span: string, us: number, file: number): void {
    this.stream(app, seq, span).first = { us, file };
  }

  streamEnd(app: number, seq: number, span: string, end: StreamEndPart, at: LineAt): void {
    this.stream(app, seq, span).end = {
      us: end.endUs,
      items: end.items,
      generationMs: end.generationMs,
      consumerMs: end.consumerMs,
      firstItemMs: end.firstItemMs,
      at: { ...at },
    };
  }

  spanBegin(
    app: number,
    seq: number,
    spanId: string,
    name: string,
    parent: string | null,
    start: { us: number; utc: boolean },
    at: LineAt,
  ): void {
    this.span(app, seq, spanId).begin = { name, parent, us: start.us, utc: start.utc, at: { ...at } };
  }

  spanEnd(app: number, seq: number, spanId: string, end: { us: number; utc: boolean }): void {
    this.span(app, seq, spanId).end = { us: end.us, utc: end.utc };
  }

  /** Writes every pending row, one upsert each. */
  flush(): void {
    for (const p of this.steps.values()) {
      const b = p.begin;
      const e = p.end;
      this.s.step.run(
        p.app,
        p.seq,
        b ? b.action : (e?.action ?? null),
        b?.us ?? null,
        b?.at.file ?? null,
        b?.at.offset ?? null,
        b?.at.len ?? null,
        e?.us ?? null,
        e?.exception ? 1 : 0,
        e?.exception ?? null,
        e?.at.file ?? null,
        e?.at.offset ?? null,
        e?.at.len ?? null,
      );
    }
    for (const p of this.streams.values()) {
      const { begin: b, first: f, end: e } = p;
      this.s.stream.run(
        p.app,
        p.seq,
        p.span,
        b?.us ?? null,
        b?.at.file ?? null,
        b?.at.offset ?? null,
        b?.at.len ?? null,
        f?.us ?? null,
        f?.file ?? null,
        e?.us ?? null,
        e?.items ?? null,
        e?.generationMs ?? null,
        e?.consumerMs ?? null,
        e?.firstItemMs ?? null,
        e?.at.file ?? null,
        e?.at.offset ?? null,
        e?.at.len ?? null,
      );
    }
    for (const p of this.spans.values()) {
      const { begin: b, end: e } = p;
      this.s.span.run(
        p.app,
        p.seq,
        p.spanId,
        b?.name ?? null,
        b?.parent ?? null,
        b?.us ?? null,
        b ? (b.utc ? 1 : 0) : null,
        e?.us ?? null,
        e ? (e.utc ? 1 : 0) : null,
        b?.at.file ?? null,
        b?.at.offset ?? null,
        b?.at.len ?? null,
      );
    }
    this.steps.clear();
    this.streams.clear();
    this.spans.clear();
  }

  private step(app: number, seq: number): PendingStep {
    const key = `${app}:${seq}`;
    let p = this.steps.get(key);
    if (!p) {
      p = { app, seq, begin: null, end: null };
      this.steps.set(key, p);
    }
    return p;
  }

  private stream(app: number, seq: number, span: string): PendingStream {
    const key = `${app}:${seq}:${span}`;
    let p = this.streams.get(key);
    if (!p) {
      p = { app, seq, span, begin: null, first: null, end: null };
      this.streams.set(key, p);
    }
    return p;
  }

  private span(app: number, seq: number, spanId: string): PendingSpan {
    const key = `${app}:${seq}:${spanId}`;
    let p = this.spans.get(key);
    if (!p) {
      p = { app, seq, spanId, begin: null, end: null };
      this.spans.set(key, p);
    }
    return p;
  }
}

/**
 * One upsert per table. A part is present when its line pointer is (a begin always has its file,
 * an end too; a span's end always has its time), so `excluded.<that column> IS NOT NULL` says
 * which columns to take from this write and which to keep.
 */
function prepareMergeStatements(db: StoreDatabase): { step: Statement; stream: Statement; span: Statement } {
  const keep = (flag: string, columns: string[]): string =>
    columns
      .map((c) => `${c} = CASE WHEN excluded.${flag} IS NOT NULL THEN excluded.${c} ELSE ${c} END`)
      .join(',\n');
  return {
    step: db.prepare(`INSERT INTO steps (app_ref, sequence_id, action, start_us, begin_file, begin_offset, begin_len,
        end_us, failed, exception, end_file, end_offset, end_len) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (app_ref, sequence_id) DO UPDATE SET
        action = CASE WHEN excluded.begin_file IS NOT NULL THEN excluded.action ELSE COALESCE(action, excluded.action) END,
        ${keep('begin_file', ['start_us', 'begin_offset', 'begin_len'])},
        ${keep('end_file', ['end_us', 'failed', 'exception', 'end_offset', 'end_len'])},
        begin_file = COALESCE(excluded.begin_file, begin_file),
        end_file = COALESCE(excluded.end_file, end_file)`),
    stream:
      db.prepare(`INSERT INTO streams (app_ref, sequence_id, span_key, init_us, begin_file, begin_offset,
        begin_len, first_item_us, first_file, end_us, items, generation_time_ms, consumer_time_ms, first_item_time_ms,
        end_file, end_offset, end_len) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (app_ref, sequence_id, span_key) DO UPDATE SET
        ${keep('begin_file', ['init_us', 'begin_offset', 'begin_len'])},
        ${keep('first_file', ['first_item_us'])},
        ${keep('end_file', ['end_us', 'items', 'generation_time_ms', 'consumer_time_ms', 'first_item_time_ms', 'end_offset', 'end_len'])},
        begin_file = COALESCE(excluded.begin_file, begin_file),
        first_file = COALESCE(excluded.first_file, first_file),
        end_file = COALESCE(excluded.end_file, end_file)`),
    span: db.prepare(`INSERT INTO spans (app_ref, sequence_id, span_id, name, parent_span_id, start_us, start_utc,
        end_us, end_utc, file_ref, byte_offset, byte_len) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (app_ref, sequence_id, span_id) DO UPDATE SET
        ${keep('file_ref', ['name', 'parent_span_id', 'start_us', 'start_utc', 'byte_offset', 'byte_len'])},
        ${keep('end_us', ['end_utc'])},
        file_ref = COALESCE(excluded.file_ref, file_ref),
        end_us = COALESCE(excluded.end_us, end_us)`),
  };
}
