import { z } from 'zod';
import { streamRowSchema } from '../stream-row';
import { appSummarySchema } from './library';

/** One app (a run) in full: its steps, spans, attributes and streams, for the run view. */

/** Where a line sits in an imported file, for `events:read`. */
export const lineRefSchema = z
  .object({ fileRef: z.number(), offset: z.number(), length: z.number() })
  .strict();

export const stepSchema = z
  .object({
    sequenceId: z.number(),
    action: z.string().nullable(),
    /** Naive local times of the writer, as written. */
    start: z.string().nullable(),
    end: z.string().nullable(),
    durationMs: z.number().nullable(),
    failed: z.boolean(),
    exception: z.string().nullable(),
    beginRef: lineRefSchema.nullable(),
    endRef: lineRefSchema.nullable(),
  })
  .strict();
export type Step = z.infer<typeof stepSchema>;

export const spanSchema = z
  .object({
    sequenceId: z.number(),
    spanId: z.string(),
    name: z.string().nullable(),
    parentSpanId: z.string().nullable(),
    /** Offset from its step's start, ms; null when the clocks cannot be related. */
    startOffsetMs: z.number().nullable(),
    durationMs: z.number().nullable(),
  })
  .strict();
export type Span = z.infer<typeof spanSchema>;

export const attributeSchema = z
  .object({
    sequenceId: z.number(),
    spanId: z.string().nullable(),
    key: z.string(),
    value: z.string().nullable(),
    cut: z.boolean(),
  })
  .strict();
export type Attribute = z.infer<typeof attributeSchema>;

/** The graph's entry point and action names, read from graph.json. */
export const graphSummarySchema = z
  .object({ entrypoint: z.string().nullable(), actions: z.array(z.string()) })
  .strict();
export type GraphSummary = z.infer<typeof graphSummarySchema>;

export const runSchema = z
  .object({
    app: appSummarySchema
      .extend({
        graph: graphSummarySchema.nullable(),
        parentPointer: z.string().nullable(),
        spawningParentPointer: z.string().nullable(),
      })
      .strict(),
    steps: z.array(stepSchema),
    spans: z.array(spanSchema),
    streams: z.array(streamRowSchema),
    attributes: z.array(attributeSchema),
    /** Spans and attributes are read back from the log files: one message per file that could not be. */
    traceProblems: z.array(z.string()),
  })
  .strict();
export type Run = z.infer<typeof runSchema>;

export const recordedLineSchema = z
  .object({ path: z.string(), text: z.string(), truncated: z.boolean() })
  .strict();
export type RecordedLine = z.infer<typeof recordedLineSchema>;
