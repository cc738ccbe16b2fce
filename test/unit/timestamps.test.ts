import { describe, expect, it } from 'vitest';
import { isRealTime, parseBurrTime } from '../../src/core/burr/timestamps';
import { mulberry32 } from '../../src/core/metrics/random';

/** The original regex parser: the hand-written one must agree with it on every input. */
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
function referenceParse(text: string): { us: number; utc: boolean } | null {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (!isRealTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s))) return null;
  if (zone && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    if (Number(digits.slice(0, 2)) > 23 || Number(digits.slice(2, 4)) > 59) return null;
  }
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return null;
  let us = ms * 1000 + (frac ? Number(frac.slice(0, 6).padEnd(6, '0')) : 0);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    us -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000_000;
  }
  return { us, utc: zone !== undefined };
}

describe('parseBurrTime', () => {
  it('reads the forms Burr writes', () => {
    expect(parseBurrTime('2026-11-24T00:40:42.243123')).toEqual({
      us: Date.UTC(2026, 10, 24, 0, 40, 42) * 1000 + 243123,
      utc: false,
    });
    expect(parseBurrTime('2026-11-24T00:40:42.243123Z')?.utc).toBe(true);
    expect(parseBurrTime('2026-11-24T00:40:42')?.us).toBe(Date.UTC(2026, 10, 24, 0, 40, 42) * 1000);
    expect(parseBurrTime('2026-11-24T05:40:42+05:00')?.us).toBe(Date.UTC(2026, 10, 24, 0, 40, 42) * 1000);
    expect(parseBurrTime('2026-11-23T19:40:42.5-0500')?.us).toBe(
      Date.UTC(2026, 10, 24, 0, 40, 42) * 1000 + 500_000,
    );
    expect(parseBurrTime('2026-11-24 00:40:42.123456789')?.us).toBe(
      Date.UTC(2026, 10, 24, 0, 40, 42) * 1000 + 123456,
    );
    for (const bad of [
      '',
      '2026-11-24',
      '2026-11-24T00:40:42.',
      '2026-11-24T00:40:42.1234567890',
      '2026-11-24T00:40:42Zx',
      '2026-11-24T00:40:42+5:00',
      '2026-11-24T00:40:42+05:0',
      '２026-11-24T00:40:42',
      '2026/11/24T00:40:42',
      '9999-99-99T99:99:99',
      '2026-02-29T00:00:00',
      '2026-04-31T00:00:00',
      '2026-11-24T24:00:00',
      '2026-11-24T00:60:00',
      '2026-11-24T00:00:60Z',
      '2026-00-10T00:00:00',
      '0099-01-01T00:00:00',
      '2026-11-24T00:40:42+24:00',
    ])
      expect(parseBurrTime(bad), bad).toBeNull();
  });

  it('accepts real edge days', () => {
    expect(parseBurrTime('2024-02-29T23:59:59.999999')).not.toBeNull();
    expect(parseBurrTime('2000-02-29T00:00:00Z')).not.toBeNull();
    expect(parseBurrTime('1900-02-29T00:00:00')).toBeNull();
    expect(parseBurrTime('2026-12-31T23:59:59Z')).not.toBeNull();
  });

  it('agrees with the regex parser on 50,000 generated and mutated strings', () => {
    const next = mulberry32(7); // seeded, so a failure can be replayed
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const digits = (count: number) =>
      Array.from({ length: count }, () => String(Math.floor(next() * 10))).join('');
    const alphabet = ['0', '5', '9', '-', ':', '.', 'T', ' ', 'Z', '+', 'x', '٣', ''];
    for (let i = 0; i < 50_000; i++) {
      let text =
        `${digits(4)}-${digits(2)}-${digits(2)}${pick(['T', ' '])}${digits(2)}:${digits(2)}:${digits(2)}` +
        pick(['', `.${digits(1 + Math.floor(next() * 10))}`]) +
        pick(['', 'Z', `+${digits(2)}:${digits(2)}`, `-${digits(2)}${digits(2)}`, `+${digits(2)}`]);
      if (next() < 0.5) {
        // Replace, insert or delete one character.
        const at = Math.floor(next() * (text.length + 1));
        const op = Math.floor(next() * 3);
        text = text.slice(0, at) + (op === 2 ? '' : pick(alphabet)) + text.slice(op === 1 ? at : at + 1);
      }
      expect(parseBurrTime(text), text).toEqual(referenceParse(text));
    }
  });
});
