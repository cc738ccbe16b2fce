import type { KnownLineType } from './line-schemas';

/**
 * Quick checks, one per line type, that accept a subset of what the zod
 * schemas in line-schemas.ts accept (test/unit/line-checks.test.ts holds them
 * to that). The importer tries these first, a plain property test per field,
 * and calls zod only when one fails: zod then decides, and explains. Zod was
 * a tenth of an import's CPU time, for lines that are almost always fine.
 */
type Check = (line: Record<string, unknown>) => boolean;

const isSeq = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isString = (v: unknown): boolean => typeof v === 'string';
const isStringOrAbsent = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';
const isIntOrAbsent = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'number' && Number.isSafeInteger(v));
const isMsOrAbsent = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const lineChecks: Record<KnownLineType, Check> = {
  begin_entry: (l) =>
    l.type === 'begin_entry' && isString(l.start_time) && isString(l.action) && isSeq(l.sequence_id),
  end_entry: (l) =>
    l.type === 'end_entry' &&
    isString(l.end_time) &&
    isString(l.action) &&
    isSeq(l.sequence_id) &&
    isStringOrAbsent(l.exception),
  begin_span: (l) =>
    l.type === 'begin_span' &&
    isString(l.start_time) &&
    isSeq(l.action_sequence_id) &&
    isString(l.span_id) &&
    isString(l.span_name) &&
    isStringOrAbsent(l.parent_span_id),
  end_span: (l) =>
    l.type === 'end_span' && isString(l.end_time) && isSeq(l.action_sequence_id) && isString(l.span_id),
  attribute: (l) =>
    l.type === 'attribute' &&
    isString(l.key) &&
    l.value !== undefined &&
    isSeq(l.action_sequence_id) &&
    isStringOrAbsent(l.span_id) &&
    isStringOrAbsent(l.time_logged),
  begin_stream: (l) =>
    l.type === 'begin_stream' &&
    isSeq(l.action_sequence_id) &&
    isStringOrAbsent(l.span_id) &&
    isString(l.stream_init_time),
  first_item_stream: (l) =>
    l.type === 'first_item_stream' &&
    isSeq(l.action_sequence_id) &&
    isStringOrAbsent(l.span_id) &&
    isString(l.first_item_time),
  end_stream: (l) =>
    l.type === 'end_stream' &&
    isSeq(l.action_sequence_id) &&
    isStringOrAbsent(l.span_id) &&
    isString(l.end_time) &&
    isSeq(l.items_streamed) &&
    isMsOrAbsent(l.generation_time_ms) &&
    isMsOrAbsent(l.consumer_time_ms) &&
    isMsOrAbsent(l.first_item_time_ms),
  child_application_data: (l) =>
    l.type === 'child_application_data' &&
    isPlainObject(l.child) &&
    isString(l.child.app_id) &&
    isStringOrAbsent(l.child.partition_key) &&
    isIntOrAbsent(l.child.sequence_id) &&
    isStringOrAbsent(l.event_time) &&
    isString(l.event_type) &&
    isIntOrAbsent(l.sequence_id),
};

/** The same kind of quick checks for the two per-app documents (appGraphSchema, appMetadataSchema). */
export const sidecarChecks = {
  graph: (doc: unknown): boolean =>
    isPlainObject(doc) &&
    (doc.type === undefined || doc.type === 'application') &&
    isStringOrAbsent(doc.entrypoint) &&
    Array.isArray(doc.actions) &&
    doc.actions.every((a) => isPlainObject(a) && isString(a.name)) &&
    (doc.transitions === undefined || Array.isArray(doc.transitions)),
  metadata: (doc: unknown): boolean =>
    isPlainObject(doc) &&
    (doc.type === undefined || doc.type === 'application_metadata') &&
    isStringOrAbsent(doc.partition_key),
};
