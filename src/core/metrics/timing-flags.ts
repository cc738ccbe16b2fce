import type { z } from 'zod';
import { timingFlagSchema } from '../../shared/schemas/quality';
import type { StreamRow } from '../../shared/stream-row';

/*
 * "Suspicious timing": data-quality flags over stream rows. Flags only point at streams worth a
 * look; flagged streams stay in every statistic (dropping them would hide the problem and change
 * the numbers behind the user's back).
 */

/** What the stream row does not carry but two flags need; store/streamClocks reads it. */
export interface StreamClock {
  /** A first_item_stream line was imported for the stream. */
  has_first_item_line: boolean;
  /** first_item_time − stream_init_time in ms (both UTC); null when either line is missing. */
  first_item_offset_ms: number | null;
}

/** The flags, in display order: named once, by the contract's schema. */
export const TIMING_FLAGS = timingFlagSchema.options;
export type TimingFlag = z.infer<typeof timingFlagSchema>;

/** What each flag means, for the UI and reports. */
export const TIMING_FLAG_INFO: Readonly<Record<TimingFlag, { label: string; description: string }>> = {
  'ttft-over-duration': {
    label: 'TTFT longer than the stream',
    description: 'ttft_ms > stream_ms: the first item arrived after the stream ended',
  },
  'ttft-equals-generation': {
    label: 'TTFT equals generation time',
    description:
      'ttft_ms = generation_ms with more than one item: producing every later item took no time, so the hooks likely missed calls',
  },
  'first-item-before-start': {
    label: 'First item before stream start',
    description: 'first_item_time < stream_init_time (both UTC): clock skew or out-of-order writes',
  },
  'non-positive-duration': {
    label: 'Negative or zero duration',
    description:
      'stream_ms <= 0, a negative ttft_ms, generation_ms or consumer_ms, or generation_ms = 0 for a stream with items',
  },
  'zero-items-with-first-item': {
    label: '0 items but a first item',
    description: 'items_streamed = 0 although a first_item_stream line was written',
  },
  'partial-timing-fields': {
    label: 'Timing fields on some streams of the app only',
    description:
      'the app has streams with hook timing fields and streams without; the ones without are listed (their numbers are legacy-derived)',
  },
};

export interface FlaggedApp {
  project: string;
  partition_key: string | null;
  app_id: string;
  count: number;
  /** Flagged streams of this app, ascending. */
  stream_ids: number[];
}

export interface TimingFlagResult {
  flag: TimingFlag;
  label: string;
  description: string;
  /** Flagged streams over every app. */
  count: number;
  /** Apps with at least one flagged stream, by project, partition, app id. */
  apps: FlaggedApp[];
}

const TIE = 1e-9;

/** The flags of one stream, apart from the per-app partial-timing flag. */
function streamFlags(s: StreamRow, clock: StreamClock | undefined): TimingFlag[] {
  const out: TimingFlag[] = [];
  if (s.ttft_ms !== null && s.stream_ms !== null && s.ttft_ms > s.stream_ms) out.push('ttft-over-duration');
  if (
    s.ttft_ms !== null &&
    s.generation_ms !== null &&
    s.items !== null &&
    s.items > 1 &&
    Math.abs(s.ttft_ms - s.generation_ms) <= TIE * Math.max(1, Math.abs(s.generation_ms))
  ) {
    out.push('ttft-equals-generation');
  }
  // Without the raw clock, a legacy TTFT (first item − init) below 0 says the same thing.
  const offset = clock ? clock.first_item_offset_ms : s.timing_source === 'legacy' ? s.ttft_ms : null;
  if (offset !== null && offset < 0) out.push('first-item-before-start');
  const negative = (v: number | null): boolean => v !== null && v < 0;
  if (
    (s.stream_ms !== null && s.stream_ms <= 0) ||
    negative(s.ttft_ms) ||
    negative(s.generation_ms) ||
    negative(s.consumer_ms) ||
    (s.generation_ms === 0 && s.items !== null && s.items > 0)
  ) {
    out.push('non-positive-duration');
  }
  const firstItemLine = clock
    ? clock.has_first_item_line
    : s.timing_source === 'legacy' && s.ttft_ms !== null;
  if (s.items === 0 && firstItemLine) out.push('zero-items-with-first-item');
  return out;
}

const appKey = (s: StreamRow): string => JSON.stringify([s.project, s.partition_key, s.app_id]);

/**
 * Every flag (in TIMING_FLAGS order, zero counts included) with its count per app and the stream
 * ids, so a UI can show counts per app and open the streams. `clocks` (store/streamClocks) gives the
 * raw first-item timestamps; without it "first item before start" and "0 items but a first item"
 * are only seen on legacy streams, whose TTFT comes from those timestamps.
 */
export function timingFlags(
  streams: readonly StreamRow[],
  clocks?: ReadonlyMap<number, StreamClock>,
): TimingFlagResult[] {
  const flagged = new Map<TimingFlag, StreamRow[]>(TIMING_FLAGS.map((f) => [f, []]));
  const sources = new Map<string, { hooks: number; legacy: StreamRow[] }>();
  for (const s of streams) {
    for (const f of streamFlags(s, clocks?.get(s.stream_id))) flagged.get(f)?.push(s);
    const key = appKey(s);
    const src = sources.get(key) ?? { hooks: 0, legacy: [] };
    if (s.timing_source === 'hooks') src.hooks++;
    else src.legacy.push(s);
    sources.set(key, src);
  }
  for (const src of sources.values()) {
    if (src.hooks > 0 && src.legacy.length > 0) flagged.get('partial-timing-fields')?.push(...src.legacy);
  }
  return TIMING_FLAGS.map((flag) => {
    const byApp = new Map<string, FlaggedApp>();
    for (const s of flagged.get(flag) ?? []) {
      const key = appKey(s);
      const app = byApp.get(key) ?? {
        project: s.project,
        partition_key: s.partition_key,
        app_id: s.app_id,
        count: 0,
        stream_ids: [],
      };
      app.count++;
      app.stream_ids.push(s.stream_id);
      byApp.set(key, app);
    }
    const apps = [...byApp.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, app]) => ({ ...app, stream_ids: app.stream_ids.sort((a, b) => a - b) }));
    const count = apps.reduce((n, a) => n + a.count, 0);
    return { flag, ...TIMING_FLAG_INFO[flag], count, apps };
  });
}
