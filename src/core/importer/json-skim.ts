import { isUtf8 } from 'node:buffer';

/**
 * A validating JSON "skim" for the big lines of a Burr log.
 *
 * An `end_entry` line carries the whole application state (and the action's
 * result): over 90% of a log's bytes sit in values Stream Lens never reads,
 * because rows only point back at the line. Building those values with
 * JSON.parse is most of the cost of an import. The skim checks the bytes
 * against the JSON grammar exactly as strictly as JSON.parse, builds only the
 * top-level members the importer uses, and steps over the payload members
 * without decoding them.
 *
 * It works on the line's bytes and gives up (returns undefined) on anything
 * it is not sure about: invalid UTF-8 (that goes the decode-and-replace way),
 * a raw control byte anywhere, invalid JSON, a non-object, a `__proto__` key,
 * nesting deeper than the stack. The caller then takes the exact JSON.parse path,
 * which also produces the error message; so a line is accepted here only if
 * JSON.parse would accept it too (test/unit/json-skim.test.ts checks that
 * against JSON.parse on fuzzed input).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_U = 0x75;

/** Escapes JSON allows after a backslash, besides \uXXXX: " \ / b f n r t. */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const FAIL = -1;

/**
 * The members of the JSON object that is the whole of `line`, except those
 * named in `skipKeys` (validated, not built); undefined when the line is not
 * exactly one JSON object, or when the skim is unsure (see the file comment).
 * `line` must be a view of just the line: searches run to its end.
 */
export function skimJsonObject(
  line: Buffer,
  skipKeys: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  // Strings are skipped by jumping between quotes, which is only exact when no raw control byte can hide
  // inside one; a Burr line has none (json.dumps escapes them), and one that does goes to JSON.parse.
  if (!isUtf8(line) || hasControlByte(line)) return undefined;
  backslashAt = UNKNOWN;
  try {
    return skimTopLevel(line, 0, line.length, skipKeys);
  } catch {
    // Nesting deep enough to exhaust the stack: let JSON.parse decide.
    return undefined;
  }
}

/** Whether any byte is below 0x20, four bytes at a time. */
export function hasControlByte(line: Buffer): boolean {
  const n = line.length;
  const base = line.byteOffset;
  let i = 0;
  while (i < n && ((base + i) & 3) !== 0) {
    if ((line[i] as number) < 0x20) return true;
    i++;
  }
  const words = (n - i) >> 2;
  if (words > 0) {
    const u32 = new Uint32Array(line.buffer, base + i, words);
    for (let w = 0; w < words; w++) {
      const x = u32[w] as number;
      // A byte below 0x20 borrows into its top bit where the byte itself had none.
      if (((x - 0x20202020) & ~x & 0x80808080) !== 0) return true;
    }
    i += words * 4;
  }
  for (; i < n; i++) if ((line[i] as number) < 0x20) return true;
  return false;
}

/** Position of the next backslash in the current line at or after the last search; NONE when there is no more. */
const UNKNOWN = -2;
const NONE = -1;
let backslashAt = UNKNOWN;

function nextBackslash(buf: Buffer, from: number): number {
  if (backslashAt !== NONE && backslashAt < from) backslashAt = buf.indexOf(BACKSLASH, from);
  return backslashAt;
}

function skimTopLevel(
  buf: Buffer,
  start: number,
  end: number,
  skipKeys: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  let i = skipSpace(buf, start, end);
  if (i >= end || buf[i] !== OPEN_BRACE) return undefined;
  const out: Record<string, unknown> = {};
  i = skipSpace(buf, i + 1, end);
  if (i < end && buf[i] === CLOSE_BRACE) return skipSpace(buf, i + 1, end) === end ? out : undefined;
  for (;;) {
    if (i >= end || buf[i] !== QUOTE) return undefined;
    const keyEnd = skipString(buf, i, end);
    if (keyEnd === FAIL) return undefined;
    const key = stringValue(buf, i, keyEnd);
    // Assigning "__proto__" would set the prototype, where JSON.parse makes a plain member.
    if (key === '__proto__') return undefined;
    i = skipSpace(buf, keyEnd, end);
    if (i >= end || buf[i] !== COLON) return undefined;
    const valueStart = skipSpace(buf, i + 1, end);
    const valueEnd = skipValue(buf, valueStart, end);
    if (valueEnd === FAIL) return undefined;
    // Duplicate keys: the last one wins, as in JSON.parse.
    if (skipKeys.has(key)) delete out[key];
    else out[key] = buildValue(buf, valueStart, valueEnd);
    i = skipSpace(buf, valueEnd, end);
    if (i >= end) return undefined;
    if (buf[i] === COMMA) {
      i = skipSpace(buf, i + 1, end);
      continue;
    }
    if (buf[i] !== CLOSE_BRACE) return undefined;
    return skipSpace(buf, i + 1, end) === end ? out : undefined;
  }
}

/** A validated value as JSON.parse would build it; small values only (the skipped ones never get here). */
function buildValue(buf: Buffer, start: number, end: number): unknown {
  const first = buf[start];
  if (first === QUOTE) return stringValue(buf, start, end);
  if (first === MINUS || (first !== undefined && first >= ZERO && first <= NINE)) {
    // The grammar was checked, and JSON numbers are a subset of Number()'s syntax with the same rounding.
    return Number(buf.toString('latin1', start, end));
  }
  if (first === 0x74) return true;
  if (first === 0x66) return false;
  if (first === 0x6e) return null;
  return JSON.parse(buf.toString('utf8', start, end));
}

/** A validated string token [start, end) including its quotes. */
function stringValue(buf: Buffer, start: number, end: number): string {
  // Without escapes the bytes between the quotes are the string; with them, JSON.parse decodes.
  for (let i = start + 1; i < end - 1; i++) {
    if (buf[i] === BACKSLASH) return JSON.parse(buf.toString('utf8', start, end)) as string;
  }
  return buf.toString('utf8', start + 1, end - 1);
}

function skipSpace(buf: Buffer, i: number, end: number): number {
  while (i < end) {
    const c = buf[i] as number;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
  return i;
}

/** The index just past the value starting at `i`, or FAIL. */
function skipValue(buf: Buffer, i: number, end: number): number {
  if (i >= end) return FAIL;
  const c = buf[i] as number;
  if (c === QUOTE) return skipString(buf, i, end);
  if (c === OPEN_BRACE) return skipObject(buf, i, end);
  if (c === OPEN_BRACKET) return skipArray(buf, i, end);
  if (c === MINUS || (c >= ZERO && c <= NINE)) return skipNumber(buf, i, end);
  if (c === 0x74) return skipLiteral(buf, i, end, 'true');
  if (c === 0x66) return skipLiteral(buf, i, end, 'false');
  if (c === 0x6e) return skipLiteral(buf, i, end, 'null');
  return FAIL;
}

/** Strings up to this long are walked byte by byte; longer ones jump between quotes (memchr). */
const SHORT_STRING = 24;

/** `i` is at the opening quote. No control bytes can occur (checked for the whole line first). */
function skipString(buf: Buffer, i: number, end: number): number {
  let j = i + 1;
  const shortEnd = Math.min(end, j + SHORT_STRING);
  while (j < shortEnd) {
    const c = buf[j] as number;
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) {
      j = skipEscape(buf, j, end);
      if (j === FAIL) return FAIL;
    } else j++;
  }
  for (;;) {
    const quote = buf.indexOf(QUOTE, j);
    if (quote === -1) return FAIL;
    const backslash = nextBackslash(buf, j);
    if (backslash === NONE || backslash > quote) return quote + 1;
    j = skipEscape(buf, backslash, end);
    if (j === FAIL) return FAIL;
  }
}

/** `i` is at a backslash inside a string; the index after the escape, or FAIL. */
function skipEscape(buf: Buffer, i: number, end: number): number {
  if (i + 1 >= end) return FAIL;
  const e = buf[i + 1] as number;
  if (SIMPLE_ESCAPE[e] === 1) return i + 2;
  if (e !== LOWER_U || i + 6 > end) return FAIL;
  if (
    HEX[buf[i + 2] as number] !== 1 ||
    HEX[buf[i + 3] as number] !== 1 ||
    HEX[buf[i + 4] as number] !== 1 ||
    HEX[buf[i + 5] as number] !== 1
  )
    return FAIL;
  return i + 6;
}

function skipObject(buf: Buffer, i: number, end: number): number {
  i = skipSpace(buf, i + 1, end);
  if (i < end && buf[i] === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (i >= end || buf[i] !== QUOTE) return FAIL;
    i = skipString(buf, i, end);
    if (i === FAIL) return FAIL;
    i = skipSpace(buf, i, end);
    if (i >= end || buf[i] !== COLON) return FAIL;
    i = skipValue(buf, skipSpace(buf, i + 1, end), end);
    if (i === FAIL) return FAIL;
    i = skipSpace(buf, i, end);
    if (i >= end) return FAIL;
    const c = buf[i];
    if (c === CLOSE_BRACE) return i + 1;
    if (c !== COMMA) return FAIL;
    i = skipSpace(buf, i + 1, end);
  }
}

function skipArray(buf: Buffer, i: number, end: number): number {
  i = skipSpace(buf, i + 1, end);
  if (i < end && buf[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    i = skipValue(buf, i, end);
    if (i === FAIL) return FAIL;
    i = skipSpace(buf, i, end);
    if (i >= end) return FAIL;
    const c = buf[i];
    if (c === CLOSE_BRACKET) return i + 1;
    if (c !== COMMA) return FAIL;
    i = skipSpace(buf, i + 1, end);
  }
}

/** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
function skipNumber(buf: Buffer, i: number, end: number): number {
  if (buf[i] === MINUS) i++;
  if (i >= end) return FAIL;
  if (buf[i] === ZERO) i++;
  else {
    const next = skipDigits(buf, i, end);
    if (next === i) return FAIL;
    i = next;
  }
  if (i < end && buf[i] === DOT) {
    const next = skipDigits(buf, i + 1, end);
    if (next === i + 1) return FAIL;
    i = next;
  }
  if (i < end && (buf[i] === LOWER_E || buf[i] === UPPER_E)) {
    i++;
    if (i < end && (buf[i] === PLUS || buf[i] === MINUS)) i++;
    const next = skipDigits(buf, i, end);
    if (next === i) return FAIL;
    i = next;
  }
  return i;
}

function skipDigits(buf: Buffer, i: number, end: number): number {
  while (i < end) {
    const c = buf[i] as number;
    if (c < ZERO || c > NINE) return i;
    i++;
  }
  return i;
}

function skipLiteral(buf: Buffer, i: number, end: number, word: string): number {
  if (i + word.length > end) return FAIL;
  for (let k = 0; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return FAIL;
  return i + word.length;
}
