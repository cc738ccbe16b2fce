import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../src/core/metrics/random';
import { LOCAL } from './fixtures';

/*
 * Small Burr local-tracker trees written by tests: each stream is a begin_entry / begin_stream /
 * first_item_stream / end_stream / end_entry group, the lines Burr's LocalTrackingClient writes.
 */

export interface CraftedStream {
  /** Stream start, UTC ms since the epoch. */
  initMs: number;
  /** first_item_time − stream_init_time; null for no first_item_stream line. */
  firstItemAfterMs: number | null;
  /** end_time − stream_init_time. */
  endAfterMs: number;
  items: number;
  /** Hook fields; all null writes a legacy stream (no timing fields). */
  ttftMs: number | null;
  generationMs: number | null;
  consumerMs: number | null;
}

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, -1)}000Z`;
const naive = (ms: number): string => utc(ms).slice(0, -1);

/** The lines of one streaming step. */
function streamLines(seq: number, s: CraftedStream): string[] {
  const end: Record<string, unknown> = {
    type: 'end_stream',
    action_sequence_id: seq,
    span_id: null,
    end_time: utc(s.initMs + s.endAfterMs),
    items_streamed: s.items,
  };
  if (s.ttftMs !== null || s.generationMs !== null || s.consumerMs !== null) {
    end.generation_time_ms = s.generationMs;
    end.consumer_time_ms = s.consumerMs;
    end.first_item_time_ms = s.ttftMs;
  }
  const lines: unknown[] = [
    { type: 'begin_entry', start_time: naive(s.initMs - 1), action: 'respond', inputs: {}, sequence_id: seq },
    { type: 'begin_stream', action_sequence_id: seq, span_id: null, stream_init_time: utc(s.initMs) },
  ];
  if (s.firstItemAfterMs !== null) {
    lines.push({
      type: 'first_item_stream',
      action_sequence_id: seq,
      span_id: null,
      first_item_time: utc(s.initMs + s.firstItemAfterMs),
    });
  }
  lines.push(end, {
    type: 'end_entry',
    end_time: naive(s.initMs + s.endAfterMs + 1),
    action: 'respond',
    result: {},
    exception: null,
    state: {},
    sequence_id: seq,
  });
  return lines.map((l) => JSON.stringify(l));
}

/** Writes <root>/<project>/<app>/log.jsonl with the streams as steps 0, 1, 2… */
export function writeApp(
  root: string,
  project: string,
  app: string,
  streams: readonly CraftedStream[],
): void {
  const dir = path.join(root, project, app);
  mkdirSync(dir, { recursive: true });
  const lines = streams.flatMap((s, seq) => streamLines(seq, s));
  writeFileSync(path.join(dir, 'log.jsonl'), `${lines.join('\n')}\n`);
}

/** A well-formed hooks stream: TTFT 100 ms, generation 500, consumer 300, 10 items, 1 s long. */
export function normalStream(initMs: number, over: Partial<CraftedStream> = {}): CraftedStream {
  return {
    initMs,
    firstItemAfterMs: 100,
    endAfterMs: 1000,
    items: 10,
    ttftMs: 100,
    generationMs: 500,
    consumerMs: 300,
    ...over,
  };
}

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
