import { describe, expect, it } from 'vitest';
import { lineChecks, sidecarChecks } from '../../src/core/burr/line-checks';
import {
  appGraphSchema,
  appMetadataSchema,
  type KnownLineType,
  lineSchemas,
} from '../../src/core/burr/line-schemas';

/**
 * The importer trusts a quick check instead of zod when it passes, so a quick
 * check must never pass a line its schema rejects. Checked on every field of
 * every line type set to a spread of awkward values, and on the real lines.
 */
const AWKWARD: unknown[] = [
  undefined,
  null,
  '',
  'x',
  '2026-11-20T22:37:25.392334',
  0,
  -1,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  {},
  { app_id: 'a' },
  { app_id: 1 },
  { app_id: 'a', sequence_id: 1.5 },
];

const VALID: Record<KnownLineType, Record<string, unknown>> = {
  begin_entry: { type: 'begin_entry', start_time: 't', action: 'a', sequence_id: 0 },
  end_entry: { type: 'end_entry', end_time: 't', action: 'a', sequence_id: 1, exception: null },
  begin_span: {
    type: 'begin_span',
    start_time: 't',
    action_sequence_id: 1,
    span_id: '1:0',
    span_name: 'n',
    parent_span_id: null,
  },
  end_span: { type: 'end_span', end_time: 't', action_sequence_id: 1, span_id: '1:0' },
  attribute: {
    type: 'attribute',
    key: 'k',
    action_sequence_id: 1,
    span_id: null,
    value: { a: 1 },
    time_logged: 't',
  },
  begin_stream: { type: 'begin_stream', action_sequence_id: 1, span_id: null, stream_init_time: 't' },
  first_item_stream: {
    type: 'first_item_stream',
    action_sequence_id: 1,
    span_id: null,
    first_item_time: 't',
  },
  end_stream: {
    type: 'end_stream',
    action_sequence_id: 1,
    span_id: null,
    end_time: 't',
    items_streamed: 3,
    generation_time_ms: 1.5,
    consumer_time_ms: 0,
    first_item_time_ms: null,
  },
  child_application_data: {
    type: 'child_application_data',
    child: { app_id: 'c', partition_key: null, sequence_id: 2 },
    event_time: 't',
    event_type: 'fork',
    sequence_id: 2,
  },
};

describe('line quick checks', () => {
  for (const type of Object.keys(VALID) as KnownLineType[]) {
    it(`${type}: passes the valid line, and nothing its schema rejects`, () => {
      const valid = VALID[type];
      expect(lineChecks[type](valid)).toBe(true);
      expect(lineSchemas[type].safeParse(valid).success).toBe(true);
      let rejectedByBoth = 0;
      for (const field of Object.keys(valid)) {
        for (const value of AWKWARD) {
          const line = { ...valid, [field]: value };
          if (value === undefined) delete line[field];
          const quick = lineChecks[type](line);
          const schema = lineSchemas[type].safeParse(line).success;
          if (quick) expect(schema, `${type}.${field} = ${String(value)}`).toBe(true);
          if (!quick && !schema) rejectedByBoth++;
        }
      }
      // The spread does reach lines both reject, so the comparison above is not vacuous.
      expect(rejectedByBoth).toBeGreaterThan(0);
    });
  }
});

describe('graph.json / metadata.json quick checks', () => {
  const cases = {
    graph: {
      check: sidecarChecks.graph,
      schema: appGraphSchema,
      valid: {
        type: 'application',
        entrypoint: 'prompt',
        actions: [{ name: 'prompt', reads: [] }],
        transitions: [],
      },
    },
    metadata: {
      check: sidecarChecks.metadata,
      schema: appMetadataSchema,
      valid: { type: 'application_metadata', partition_key: 'user-1', parent_pointer: null },
    },
  };
  for (const [kind, { check, schema, valid }] of Object.entries(cases)) {
    it(`${kind}: passes the valid document, and nothing its schema rejects`, () => {
      expect(check(valid)).toBe(true);
      let rejectedByBoth = 0;
      const variants: unknown[] = [...AWKWARD];
      for (const field of [...Object.keys(valid), 'actions']) {
        for (const value of [...AWKWARD, [{ name: 1 }], [null], [{ name: 'a' }, 'b']]) {
          const doc: Record<string, unknown> = { ...valid, [field]: value };
          if (value === undefined) delete doc[field];
          variants.push(doc);
        }
      }
      for (const doc of variants) {
        const quick = check(doc);
        const zod = schema.safeParse(doc).success;
        if (quick) expect(zod, JSON.stringify(doc)).toBe(true);
        if (!quick && !zod) rejectedByBoth++;
      }
      expect(rejectedByBoth).toBeGreaterThan(0);
    });
  }
});
