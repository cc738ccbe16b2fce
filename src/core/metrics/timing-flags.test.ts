import { describe, expect, it } from 'vitest';
import { normalStream, writeApp } from '../../../test/helpers/crafted-logs';
import { tempDir, tempStore } from '../../../test/helpers/fixtures';
import { importPaths } from '../importer/import-paths';
import { streamClocks } from '../store/stream-clock-queries';
import { allStreams } from '../store/stream-queries';
import { TIMING_FLAGS, timingFlags } from './timing-flags';

const T0 = Date.parse('2026-11-24T02:00:00Z');
const legacy = { ttftMs: null, generationMs: null, consumerMs: null } as const;

/** One app per flag (plus a clean one), imported through the real importer. */
function importCrafted() {
  const root = tempDir();
  writeApp(root, 'flags', 'clean', [normalStream(T0), normalStream(T0 + 5000)]);
  // Hook TTFT 2 s in a 1 s stream.
  writeApp(root, 'flags', 'ttft-over', [normalStream(T0), normalStream(T0 + 5000, { ttftMs: 2000 })]);
  // TTFT = generation = 500 ms for 10 items.
  writeApp(root, 'flags', 'ttft-eq-gen', [normalStream(T0, { ttftMs: 500, generationMs: 500 })]);
  // first_item_time 50 ms before stream_init_time on a hooks stream (its TTFT field looks fine).
  writeApp(root, 'flags', 'skew', [normalStream(T0, { firstItemAfterMs: -50 })]);
  // end_time = stream_init_time.
  writeApp(root, 'flags', 'zero-length', [normalStream(T0, { endAfterMs: 0, ttftMs: 0 })]);
  // 0 items streamed, yet a first_item_stream line.
  writeApp(root, 'flags', 'zero-items', [normalStream(T0, { items: 0 })]);
  // Hook fields on the first stream only.
  writeApp(root, 'flags', 'partial', [
    normalStream(T0),
    normalStream(T0 + 5000, legacy),
    normalStream(T0 + 9000, legacy),
  ]);
  // Legacy all through: not partial.
  writeApp(root, 'flags', 'all-legacy', [normalStream(T0, legacy), normalStream(T0 + 5000, legacy)]);
  const { db } = tempStore();
  const summary = importPaths(db, [root]);
  expect(summary.quarantined).toBe(0);
  const streams = allStreams(db, {});
  const id = (app: string, seq: number): number =>
    streams.find((s) => s.app_id === app && s.sequence_id === seq)?.stream_id as number;
  return {
    streams,
    clocks: streamClocks(
      db,
      streams.map((s) => s.stream_id),
    ),
    id,
  };
}

describe('timingFlags on crafted logs', () => {
  it('flags each kind of suspicious timing, per app, with the stream ids', () => {
    const { streams, clocks, id } = importCrafted();
    expect(streams).toHaveLength(13);
    const flags = timingFlags(streams, clocks);
    expect(flags.map((f) => f.flag)).toEqual([...TIMING_FLAGS]);
    const apps = Object.fromEntries(
      flags.map((f) => [f.flag, f.apps.map((a) => [a.app_id, a.count, a.stream_ids])]),
    );
    expect(apps).toEqual({
      'ttft-over-duration': [['ttft-over', 1, [id('ttft-over', 1)]]],
      'ttft-equals-generation': [['ttft-eq-gen', 1, [id('ttft-eq-gen', 0)]]],
      'first-item-before-start': [['skew', 1, [id('skew', 0)]]],
      // zero-length: stream_ms = 0 (its TTFT 0 is not over the duration, and not negative).
      'non-positive-duration': [['zero-length', 1, [id('zero-length', 0)]]],
      'zero-items-with-first-item': [['zero-items', 1, [id('zero-items', 0)]]],
      'partial-timing-fields': [['partial', 2, [id('partial', 1), id('partial', 2)]]],
    });
    for (const f of flags) expect(f.count).toBe(f.apps.reduce((n, a) => n + a.count, 0));
    expect(flags[0]?.apps[0]).toMatchObject({ project: 'flags', partition_key: null });
  });

  it('without the raw clocks sees clock skew and stray first items on legacy streams only', () => {
    const { streams } = importCrafted();
    const flags = timingFlags(streams);
    expect(flags.find((f) => f.flag === 'first-item-before-start')?.count).toBe(0);
    expect(flags.find((f) => f.flag === 'zero-items-with-first-item')?.count).toBe(0);
    expect(flags.find((f) => f.flag === 'ttft-over-duration')?.count).toBe(1);
  });

  it('sees a negative legacy TTFT as a first item before the start', () => {
    const root = tempDir();
    writeApp(root, 'p', 'legacy-skew', [normalStream(T0, { ...legacy, firstItemAfterMs: -20, items: 0 })]);
    const { db } = tempStore();
    importPaths(db, [root]);
    const streams = allStreams(db, {});
    for (const flags of [
      timingFlags(streams),
      timingFlags(streams, streamClocks(db, [streams[0]?.stream_id as number])),
    ]) {
      const counts = Object.fromEntries(flags.map((f) => [f.flag, f.count]));
      expect(counts).toMatchObject({
        'first-item-before-start': 1,
        'non-positive-duration': 1,
        'zero-items-with-first-item': 1,
      });
    }
  });
});
