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

/**
 * Accepts exactly `YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}][Z|±HH[:]MM]` (ASCII digits). Reads the
 * characters by code instead of a regular expression and substrings: the importer parses two
 * or three of these per line (a regex with its eight captures was ~5% of an import's CPU).
 * Every field must be in range (a real calendar day, hour < 24, years 1000-9999): `Date.UTC`
 * alone would roll `9999-99-99T99:99:99` over to the year 10007, and the line would be
 * stored with a time that was never written.
 */
export function parseBurrTime(text: string): BurrTime | null {
  const n = text.length;
  if (n < 19) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const t = text.charCodeAt(10);
  if (
    (year | month | day | hour | minute | second) < 0 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    (t !== 84 /* T */ && t !== 32) /* space */ ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON ||
    !isRealTime(year, month, day, hour, minute, second)
  ) {
    return null;
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(ms)) return null;
  let at = 19;
  let micros = 0;
  if (at < n && text.charCodeAt(at) === DOT) {
    const from = ++at;
    while (at < n && isDigit(text.charCodeAt(at))) at++;
    const count = at - from;
    if (count === 0 || count > 9) return null;
    // Microseconds: the first six digits, padded on the right ("5" is 500000 µs).
    for (let i = 0; i < 6; i++) micros = micros * 10 + (i < count ? text.charCodeAt(from + i) - ZERO : 0);
  }
  const us = ms * 1000 + micros;
  if (at === n) return { us, utc: false };
  const zone = text.charCodeAt(at);
  if (zone === 90 /* Z */) return at + 1 === n ? { us, utc: true } : null;
  if (zone !== PLUS && zone !== DASH) return null;
  const offsetHours = digitsAt(text, at + 1, 2);
  const minutesAt = text.charCodeAt(at + 3) === COLON ? at + 4 : at + 3;
  const offsetMinutes = digitsAt(text, minutesAt, 2);
  if ((offsetHours | offsetMinutes) < 0 || offsetHours > 23 || offsetMinutes > 59 || minutesAt + 2 !== n) {
    return null;
  }
  const sign = zone === DASH ? -1 : 1;
  return { us: us - sign * (offsetHours * 60 + offsetMinutes) * 60_000_000, utc: true };
}

/** The fields name a moment that exists (no rollover): a real day of the month, a real time of day. */
export function isRealTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  return (
    year >= 1000 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const ZERO = 48;
const DASH = 45;
const PLUS = 43;
const DOT = 46;
const COLON = 58;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

/** The number written by `count` ASCII digits at `from`, or -1 (also past the end: NaN fails isDigit). */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - ZERO);
  }
  return value;
}

/** Formats epoch µs as ISO with microseconds; naive times get no suffix. */
export function formatBurrTime(us: number, utc: boolean): string {
  const ms = Math.floor(us / 1000);
  const micros = us - ms * 1000;
  const base = new Date(ms).toISOString(); // 2026-11-24T00:40:42.243Z
  const withMicros = `${base.slice(0, 23)}${String(micros).padStart(3, '0')}`;
  return utc ? `${withMicros}Z` : withMicros;
}
