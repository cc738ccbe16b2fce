import type { ResponseOf } from '../../../../shared/contract';
import type { StreamRow } from '../../../../shared/stream-row';

type Run = ResponseOf<'runs:get'>;
export type Step = Run['steps'][number];
export type Span = Run['spans'][number];
export type Attribute = Run['attributes'][number];

export interface SpanLane {
  span: Span;
  depth: number;
  /** From the first step's start; null when the span cannot be placed. */
  offsetMs: number | null;
}

export interface StreamLane {
  row: StreamRow;
  /** Where the bar starts: its step's start (see the note in run-timeline). */
  offsetMs: number;
}

export interface StepLane {
  step: Step;
  offsetMs: number;
  durationMs: number | null;
  spans: SpanLane[];
  streams: StreamLane[];
  attributes: Attribute[];
}

export interface TimelineModel {
  lanes: StepLane[];
  totalMs: number;
  /** Set when step times were missing and steps were laid end to end instead. */
  approximate: boolean;
}

/**
 * Step times are the writer's naive local time. They are only ever compared with each other, so
 * reading them all as UTC keeps the differences exact without guessing the writer's time zone.
 */
function naiveMs(s: string | null): number | null {
  if (!s) return null;
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(s);
  const ms = Date.parse(hasZone ? s : `${s}Z`);
  return Number.isFinite(ms) ? ms : null;
}

function orderSpans(spans: Span[], stepOffset: number): SpanLane[] {
  const children = new Map<string | null, Span[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const s of spans) {
    const parent = s.parentSpanId !== null && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  const byStart = (a: Span, b: Span): number => (a.startOffsetMs ?? 0) - (b.startOffsetMs ?? 0);
  const out: SpanLane[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const s of (children.get(parent) ?? []).sort(byStart)) {
      out.push({ span: s, depth, offsetMs: s.startOffsetMs === null ? null : stepOffset + s.startOffsetMs });
      // Depth is bounded by the span count, so a cyclic parent chain in a bad log cannot loop forever.
      if (depth < spans.length) walk(s.spanId, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function buildTimeline(run: Run): TimelineModel {
  const steps = [...run.steps].sort((a, b) => a.sequenceId - b.sequenceId);
  const starts = steps.map((s) => naiveMs(s.start));
  const known = starts.filter((v): v is number => v !== null);
  const t0 = known.length > 0 ? Math.min(...known) : 0;
  let approximate = known.length < steps.length;
  let cursor = 0;
  let totalMs = 0;
  const lanes: StepLane[] = steps.map((step, i) => {
    const start = starts[i];
    const end = naiveMs(step.end);
    const durationMs =
      step.durationMs ?? (start !== null && start !== undefined && end !== null ? end - start : null);
    const offsetMs = start !== null && start !== undefined ? start - t0 : cursor;
    cursor = offsetMs + (durationMs ?? 0);
    const spans = orderSpans(
      run.spans.filter((s) => s.sequenceId === step.sequenceId),
      offsetMs,
    );
    const streams = run.streams
      .filter((r) => r.sequence_id === step.sequenceId)
      .map((row) => ({ row, offsetMs }));
    let extent = offsetMs + (durationMs ?? 0);
    for (const s of spans)
      if (s.offsetMs !== null) extent = Math.max(extent, s.offsetMs + (s.span.durationMs ?? 0));
    for (const s of streams) extent = Math.max(extent, offsetMs + (s.row.stream_ms ?? 0));
    totalMs = Math.max(totalMs, extent);
    return {
      step,
      offsetMs,
      durationMs,
      spans,
      streams,
      attributes: run.attributes.filter((a) => a.sequenceId === step.sequenceId),
    };
  });
  if (steps.length === 0) approximate = false;
  return { lanes, totalMs: Math.max(totalMs, 1), approximate };
}

/** Round tick spacing (1, 2, 5 × 10^k) giving about `target` ticks over `total`. */
export function tickStep(total: number, target = 6): number {
  const raw = total / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * pow;
}
