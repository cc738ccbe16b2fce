import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { hasControlByte, skimJsonObject } from '../../src/core/importer/json-skim';
import { mulberry32 } from '../../src/core/metrics/random';

/**
 * The skim must accept exactly what JSON.parse accepts (or step aside), and
 * build the same values: checked here against JSON.parse itself on generated
 * and mutated input, plus the cases that have bitten JSON parsers before.
 */
const SKIP = new Set(['state', 'result', 'inputs']);

const KEYS = ['type', 'state', 'result', 'inputs', 'sequence_id', 'action', 'a', 'é', 'k\\"q', ''];
const STRINGS = [
  '',
  'x',
  'stream token',
  'quote " inside',
  'back\\slash',
  'line\nbreak',
  'tab\t',
  'é😀',
  '\u0001',
];

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.35) {
    const s = rand();
    if (s < 0.3) return STRINGS[Math.floor(rand() * STRINGS.length)];
    if (s < 0.5) return Math.floor((rand() - 0.5) * 1e6);
    if (s < 0.6) return (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
    if (s < 0.7) return rand() < 0.5;
    if (s < 0.8) return null;
    return 'long '.repeat(Math.floor(rand() * 20));
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const obj: Record<string, unknown> = {};
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++)
    obj[KEYS[Math.floor(rand() * KEYS.length)] as string] = randomValue(rand, depth + 1);
  return obj;
}

/** JSON.stringify with random insignificant whitespace between tokens. */
function serialize(value: unknown, rand: () => number): string {
  // Tabs and carriage returns are valid JSON whitespace but control bytes: the skim leaves those lines to JSON.parse.
  const ws = () => (rand() < 0.002 ? '\t' : rand() < 0.3 ? ' ' : '');
  if (Array.isArray(value))
    return `[${ws()}${value.map((v) => serialize(v, rand)).join(`${ws()},${ws()}`)}${ws()}]`;
  if (value !== null && typeof value === 'object') {
    const parts = Object.entries(value).map(
      ([k, v]) => `${JSON.stringify(k)}${ws()}:${ws()}${serialize(v, rand)}`,
    );
    return `{${ws()}${parts.join(`${ws()},${ws()}`)}${ws()}}`;
  }
  return JSON.stringify(value);
}

const ALPHABET = Buffer.from('{}[]":,\\ 0123456789eE+-.tfnrul\t\u0001aé');

function mutate(bytes: Buffer, rand: () => number): Buffer {
  const out = [...bytes];
  const edits = 1 + Math.floor(rand() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (out.length + 1));
    const byte = ALPHABET[Math.floor(rand() * ALPHABET.length)] as number;
    const kind = rand();
    if (kind < 0.35) out.splice(at, 1);
    else if (kind < 0.7) out.splice(at, 0, byte);
    else if (kind < 0.9) out[Math.min(at, out.length - 1)] = byte;
    else out.length = at;
  }
  return Buffer.from(out);
}

function jsonParse(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** Checks one input both ways; returns whether the skim took it. */
function agree(bytes: Buffer): boolean {
  const skimmed = skimJsonObject(bytes, SKIP);
  const parsed = jsonParse(bytes);
  if (skimmed !== undefined) {
    // Accepted: JSON.parse must accept too, and every member the skim built must be JSON.parse's.
    expect(parsed.ok, `skim accepted what JSON.parse rejects: ${bytes.toString('utf8')}`).toBe(true);
    if (!parsed.ok) return true;
    const value = parsed.value as Record<string, unknown>;
    const expected = Object.fromEntries(Object.entries(value).filter(([k]) => !SKIP.has(k)));
    expect(skimmed).toEqual(expected);
    return true;
  }
  // Stepped aside: fine when JSON.parse rejects it too, or for what the skim leaves to JSON.parse on purpose.
  if (parsed.ok) {
    const value = parsed.value;
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    const leftOnPurpose = !isUtf8(bytes) || hasControlByte(bytes) || bytes.includes('"__proto__"');
    expect(!isObject || leftOnPurpose, `skim refused a valid object: ${bytes.toString('utf8')}`).toBe(true);
  }
  return false;
}

describe('skimJsonObject', () => {
  it('agrees with JSON.parse on 20,000 generated and mutated lines', () => {
    const rand = mulberry32(7);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 20_000; i++) {
      const top: Record<string, unknown> = { type: 'end_entry', sequence_id: i };
      Object.assign(top, randomValue(rand, 1) as object);
      if (rand() < 0.5) top.state = randomValue(rand, 0);
      let bytes: Buffer = Buffer.from(serialize(top, rand));
      if (rand() < 0.6) bytes = mutate(bytes, rand);
      if (agree(bytes)) accepted++;
      else rejected++;
    }
    // Both sides of the grammar were exercised.
    expect(accepted).toBeGreaterThan(5_000);
    expect(rejected).toBeGreaterThan(5_000);
  });

  it('builds the members the importer reads, and skips the payloads', () => {
    const line = Buffer.from(
      '{"type":"end_entry","end_time":"2026-11-20T22:37:25.392334","action":"pr\\u00e9","result":{"x":[1,2]},"exception":null,"state":{"chat":["a\\"b"]},"sequence_id":7}',
    );
    expect(skimJsonObject(line, SKIP)).toEqual({
      type: 'end_entry',
      end_time: '2026-11-20T22:37:25.392334',
      action: 'pré',
      exception: null,
      sequence_id: 7,
    });
  });

  it.each([
    ['trailing comma', '{"a":1,}'],
    ['leading zero', '{"a":01}'],
    ['bare minus', '{"a":-}'],
    ['dot without digits', '{"a":1.}'],
    ['exponent without digits', '{"a":1e}'],
    ['plus sign', '{"a":+1}'],
    ['single quotes', "{'a':1}"],
    ['bad escape', '{"a":"\\x"}'],
    ['short unicode escape', '{"a":"\\u12"}'],
    ['raw control character in a string', '{"a":"\u0001"}'],
    ['unterminated string', '{"a":"abc}'],
    ['two objects', '{"a":1}{"b":2}'],
    ['garbage after', '{"a":1} x'],
    ['array at the top', '[1,2]'],
    ['NUL bytes', '\u0000\u0000\u0000'],
    ['nested unbalanced', '{"state":{"a":[1,2}}'],
    ['unquoted key', '{a:1}'],
    ['missing colon', '{"a" 1}'],
  ])('rejects %s', (_name, text) => {
    expect(skimJsonObject(Buffer.from(text), SKIP)).toBeUndefined();
    agree(Buffer.from(text));
  });

  it.each([
    ['empty object', '{}'],
    ['spaces everywhere', ' { "a" : [ 1 , { } , [ ] ] , "state" : { "b" : null } } '],
    ['numbers', '{"a":-0,"b":1.5e-3,"c":12E+2,"d":0.25}'],
    ['lone surrogate escape (JSON.parse accepts it)', '{"a":"\\ud800"}'],
    ['duplicate keys: the last wins', '{"a":1,"a":2,"state":1,"state":{}}'],
    [
      'a long string with escapes far apart',
      `{"state":"${'x'.repeat(5000)}\\n${'y'.repeat(5000)}","a":"\\\\"}`,
    ],
  ])('accepts %s like JSON.parse', (_name, text) => {
    expect(agree(Buffer.from(text))).toBe(true);
  });

  it('leaves a __proto__ member to JSON.parse (assigning it would set the prototype)', () => {
    expect(skimJsonObject(Buffer.from('{"__proto__":{"polluted":1}}'), SKIP)).toBeUndefined();
  });
});

describe('hasControlByte', () => {
  it('finds a byte below 0x20 at any position and alignment, and only then', () => {
    const rand = mulberry32(11);
    const backing = Buffer.alloc(300);
    for (let i = 0; i < 5_000; i++) {
      const start = Math.floor(rand() * 8);
      const len = Math.floor(rand() * 200);
      const view = backing.subarray(start, start + len);
      for (let j = 0; j < len; j++) view[j] = 0x20 + Math.floor(rand() * 0xe0);
      if (len > 0 && rand() < 0.5) view[Math.floor(rand() * len)] = Math.floor(rand() * 0x20);
      expect(hasControlByte(view)).toBe(view.some((b) => b < 0x20));
    }
  });
});
