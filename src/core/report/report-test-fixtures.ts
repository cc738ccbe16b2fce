import type { StreamRow } from '../../shared/stream-row';

/*
 * Rows for the report tests (imported by *.test.ts only). Kept out of the test files so every
 * renderer's test uses the same hostile strings.
 */

let nextId = 1;

/** A hooks stream with every number null unless given. */
export function row(over: Partial<StreamRow> = {}): StreamRow {
  return {
    stream_id: nextId++,
    project: 'proj',
    app_id: 'app-1',
    partition_key: null,
    sequence_id: 1,
    action: 'chat',
    step_start: '2024-05-01T10:00:00.000000',
    step_end: '2024-05-01T10:00:01.500000',
    stream_start: '2024-05-01T08:00:00.100000Z',
    failed: false,
    timing_source: 'hooks',
    items: 10,
    ttft_ms: null,
    generation_ms: null,
    consumer_ms: null,
    gen_share: null,
    stream_ms: null,
    legacy_ms_per_item: null,
    inter_item_ms: null,
    items_per_s: null,
    ...over,
  };
}

/** Strings a log can hold that would attack an HTML page, a spreadsheet or a Markdown table. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</script>',
  'javascript:alert(1)',
  '=HYPERLINK("http://x","y")',
  '+1',
  '@SUM(1)',
  '-2+3',
  'a|b',
  'first line\nsecond line',
  '\tTAB',
  '" onmouseover="alert(1)',
  "' onfocus='alert(1)",
  '[x](javascript:alert(1)) *b* _i_ `c` $m$ ~s~ \\',
] as const;

/**
 * One stream per hostile string, each string in app_id, action, partition_key and project, with
 * numbers (one negative, as a derived number can be after clock skew) so tables have content.
 */
export function hostileRows(): StreamRow[] {
  return HOSTILE.map((s, i) =>
    row({
      project: s,
      app_id: s,
      action: s,
      partition_key: s,
      sequence_id: i,
      failed: i % 5 === 0,
      timing_source: i % 2 === 0 ? 'hooks' : 'legacy',
      ttft_ms: i === 3 ? -1.5 : 100 + i * 10,
      generation_ms: i % 2 === 0 ? 500 + i : null,
      consumer_ms: i % 2 === 0 ? 100 + i : null,
      gen_share: i % 2 === 0 ? (500 + i) / (600 + 2 * i) : null,
      stream_ms: 700 + i,
      legacy_ms_per_item: 60 + i,
      inter_item_ms: 40 + i / 3,
      items_per_s: 20 + i / 7,
    }),
  );
}
