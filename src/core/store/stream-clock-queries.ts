import type { StreamClock } from '../metrics/timing-flags';
import type { StoreDatabase } from './open-store';

/**
 * The raw stream timestamps behind the flags "first item before stream start" and "0 items but a
 * first-item line", read from `streams` (the row's ttft_ms of a hooks stream comes from the hook
 * field, so it cannot tell either). Read on demand rather than added to every StreamRow.
 */
export function streamClocks(db: StoreDatabase, streamIds: readonly number[]): Map<number, StreamClock> {
  const out = new Map<number, StreamClock>();
  const stmt = db.prepare(
    `SELECT id, first_item_us, init_us FROM streams WHERE id IN (SELECT value FROM json_each(?))`,
  );
  // Chunks keep one JSON parameter small for 100k-stream selections.
  for (let i = 0; i < streamIds.length; i += 10_000) {
    const rows = stmt.all(JSON.stringify(streamIds.slice(i, i + 10_000))) as {
      id: number;
      first_item_us: number | null;
      init_us: number | null;
    }[];
    for (const r of rows) {
      out.set(r.id, {
        has_first_item_line: r.first_item_us !== null,
        first_item_offset_ms:
          r.first_item_us === null || r.init_us === null ? null : (r.first_item_us - r.init_us) / 1000,
      });
    }
  }
  return out;
}
