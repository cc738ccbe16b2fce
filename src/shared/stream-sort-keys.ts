/*
 * Its own module, free of zod: the page reads it when it decodes its address, before anything needs
 * the contract's schemas (contract.ts re-exports it).
 */

/** Columns the stream table can sort by. */
export const STREAM_SORT_KEYS = [
  'stream_start',
  'app_id',
  'action',
  'ttft_ms',
  'generation_ms',
  'consumer_ms',
  'gen_share',
  'stream_ms',
  'items',
  'items_per_s',
  'inter_item_ms',
  'legacy_ms_per_item',
  'project',
  'partition_key',
] as const;
