/**
 * Burr timestamps come in two clock families (BURR-FORMAT §2):
 * - naive ISO (no offset): step begin/end, written in the writer's local time;
 * - ISO with `Z`/offset: stream times and `time_logged`, in UTC.
 * `Date.parse` would read a naive time as the *viewer's* local time and drops
 * microseconds, so we parse by hand. A naive time is returned as if it were
 * UTC ("naive epoch ms"): only differences within one family are meaningful.
 */
export interface BurrTime {
  /** Whole microseconds since the epoch: exact (an epoch in µs stays far below 2^53), so durations are exact too. */
  us: number;
  /** True when the text carried `Z` or an offset. */
  utc: boolean;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseBurrTime(text: string): BurrTime | null {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return null;
  let us = ms * 1000 + (frac ? Number(frac.slice(0, 6).padEnd(6, '0')) : 0);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    us -= sign * offsetMin * 60_000_000;
  }
  return { us, utc: zone !== undefined };
}

/** Formats epoch µs as ISO with microseconds; naive times get no suffix. */
export function formatBurrTime(us: number, utc: boolean): string {
  const ms = Math.floor(us / 1000);
  const micros = us - ms * 1000;
  const base = new Date(ms).toISOString(); // 2026-11-24T00:40:42.243Z
  const withMicros = `${base.slice(0, 23)}${String(micros).padStart(3, '0')}`;
  return utc ? `${withMicros}Z` : withMicros;
}
