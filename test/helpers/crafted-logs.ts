import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../src/core/metrics/random';
import { normalStream, writeApp } from './crafted-streams';
import { LOCAL } from './fixtures';

export { type CraftedStream, normalStream, writeApp } from './crafted-streams';

/* Crafted trees built on the real fixtures' timings (the line writer is in crafted-streams.ts). */

interface RealTiming {
  ttft: number;
  generation: number;
  consumer: number;
  items: number;
}

/** The hook timings of every stream of the real chatbot-models fixture (44 streams). */
export function realTimings(): RealTiming[] {
  const dir = path.join(LOCAL, 'chatbot-models');
  const out: RealTiming[] = [];
  for (const app of readdirSync(dir).sort()) {
    for (const line of readFileSync(path.join(dir, app, 'log.jsonl'), 'utf8').split('\n')) {
      if (!line.includes('"end_stream"')) continue;
      const e = JSON.parse(line);
      out.push({
        ttft: e.first_item_time_ms,
        generation: e.generation_time_ms,
        consumer: e.consumer_time_ms,
        items: e.items_streamed,
      });
    }
  }
  return out;
}

export const SHIFT_STREAMS = 240;
export const SHIFT_AT = 120;
export const SHIFT_FACTOR = 2;
export const SHIFT_START_MS = Date.parse('2026-11-24T01:00:00Z');
export const SHIFT_SPACING_MS = 10_000;

/**
 * 240 streams built from the real chatbot-models timings (each real stream used in turn, in a
 * seeded random order per round), one every 10 s from 01:00 UTC, 10 steps per app. From stream 120
 * on (01:20:00Z) TTFT and generation are twice as long: the model got slower. With `shuffled` the
 * same 240 streams are written in a random order of time slots, so there is no change point.
 */
export function writeShiftedTree(root: string, shuffled: boolean): void {
  const real = realTimings();
  const rng = mulberry32(14);
  const picks: RealTiming[] = [];
  while (picks.length < SHIFT_STREAMS) {
    const round = [...real];
    for (let i = round.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [round[i], round[j]] = [round[j] as RealTiming, round[i] as RealTiming];
    }
    picks.push(...round);
  }
  let timings = picks
    .slice(0, SHIFT_STREAMS)
    .map((t, i) =>
      i >= SHIFT_AT ? { ...t, ttft: t.ttft * SHIFT_FACTOR, generation: t.generation * SHIFT_FACTOR } : t,
    );
  if (shuffled) {
    const order = timings.map((t) => ({ t, key: rng() }));
    timings = order.sort((a, b) => a.key - b.key).map((o) => o.t);
  }
  const streams = timings.map((t, i) =>
    normalStream(SHIFT_START_MS + i * SHIFT_SPACING_MS, {
      firstItemAfterMs: t.ttft,
      endAfterMs: t.generation + t.consumer,
      items: t.items,
      ttftMs: t.ttft,
      generationMs: t.generation,
      consumerMs: t.consumer,
    }),
  );
  for (let a = 0; a * 10 < streams.length; a++) {
    writeApp(root, 'shifted', `run-${String(a).padStart(2, '0')}`, streams.slice(a * 10, a * 10 + 10));
  }
}
