import { z } from 'zod';

/**
 * zod schemas for each Burr tracker line type (BURR-FORMAT §2). Objects are
 * loose: the format grows, so unknown fields are kept, never rejected. Only the
 * fields Stream Lens uses are checked; big payloads (`state`, `result`,
 * `inputs`) stay `unknown` so validation never walks them.
 */
// Times are checked by the timestamp parser, which gives the clearer message.
const isoTime = z.string();
const seq = z.number().int().nonnegative();
const optionalMs = z.number().finite().nonnegative().nullish();

export const beginEntrySchema = z.looseObject({
  type: z.literal('begin_entry'),
  start_time: isoTime,
  action: z.string(),
  sequence_id: seq,
});

export const endEntrySchema = z.looseObject({
  type: z.literal('end_entry'),
  end_time: isoTime,
  action: z.string(),
  sequence_id: seq,
  exception: z.string().nullish(),
});

export const beginSpanSchema = z.looseObject({
  type: z.literal('begin_span'),
  start_time: isoTime,
  action_sequence_id: seq,
  span_id: z.string(),
  span_name: z.string(),
  parent_span_id: z.string().nullish(),
});

export const endSpanSchema = z.looseObject({
  type: z.literal('end_span'),
  end_time: isoTime,
  action_sequence_id: seq,
  span_id: z.string(),
});

export const attributeSchema = z.looseObject({
  type: z.literal('attribute'),
  key: z.string(),
  action_sequence_id: seq,
  span_id: z.string().nullish(),
  value: z.unknown(),
  time_logged: isoTime.nullish(),
});

export const beginStreamSchema = z.looseObject({
  type: z.literal('begin_stream'),
  action_sequence_id: seq,
  span_id: z.string().nullish(),
  stream_init_time: isoTime,
});

export const firstItemStreamSchema = z.looseObject({
  type: z.literal('first_item_stream'),
  action_sequence_id: seq,
  span_id: z.string().nullish(),
  first_item_time: isoTime,
});

export const endStreamSchema = z.looseObject({
  type: z.literal('end_stream'),
  action_sequence_id: seq,
  span_id: z.string().nullish(),
  end_time: isoTime,
  items_streamed: z.number().int().nonnegative(),
  generation_time_ms: optionalMs,
  consumer_time_ms: optionalMs,
  first_item_time_ms: optionalMs,
});

/** children.jsonl: forks and spawns of an app. */
export const childApplicationSchema = z.looseObject({
  type: z.literal('child_application_data'),
  child: z.looseObject({
    app_id: z.string(),
    partition_key: z.string().nullish(),
    sequence_id: z.number().int().nullish(),
  }),
  event_time: isoTime.nullish(),
  event_type: z.string(),
  sequence_id: z.number().int().nullish(),
});

export const appMetadataSchema = z.looseObject({
  type: z.literal('application_metadata').optional(),
  partition_key: z.string().nullish(),
  parent_pointer: z.unknown().optional(),
  spawning_parent_pointer: z.unknown().optional(),
});

export const appGraphSchema = z.looseObject({
  type: z.literal('application').optional(),
  entrypoint: z.string().nullish(),
  actions: z.array(z.looseObject({ name: z.string() })),
  transitions: z.array(z.unknown()).optional(),
});

export const lineSchemas = {
  begin_entry: beginEntrySchema,
  end_entry: endEntrySchema,
  begin_span: beginSpanSchema,
  end_span: endSpanSchema,
  attribute: attributeSchema,
  begin_stream: beginStreamSchema,
  first_item_stream: firstItemStreamSchema,
  end_stream: endStreamSchema,
  child_application_data: childApplicationSchema,
} as const;

export type KnownLineType = keyof typeof lineSchemas;
export type BurrLine = { [K in KnownLineType]: z.infer<(typeof lineSchemas)[K]> }[KnownLineType];

export function isKnownLineType(type: unknown): type is KnownLineType {
  return typeof type === 'string' && Object.hasOwn(lineSchemas, type);
}
