import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/*
 * Small Burr local-tracker trees written by tests: each stream is a begin_entry / begin_stream /
 * first_item_stream / end_stream / end_entry group, the lines Burr's LocalTrackingClient writes.
 * Free of vitest and the fixtures helper, so Playwright specs can write logs too.
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
