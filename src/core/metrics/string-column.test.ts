import { describe, expect, it } from 'vitest';
import { allStrings, packedColumnOf, packedStrings, stringAt, stringColumnOf } from './string-column';

describe('a column of strings', () => {
  it.each([
    ['ASCII', ['agent-1', 'agent-22', null, '', 'chat']],
    ['UTF-8', ['café', null, '日本語のアプリ', '', 'emoji 🚀', 'plain']],
  ])('packs and reads back every entry, nulls and empty strings apart (%s)', (_, strings) => {
    const packed = packedStrings(stringColumnOf(strings));
    expect(packed.ends.length).toBe(strings.length);
    const read = packedColumnOf(packed);
    expect(strings.map((_, k) => stringAt(read, k))).toEqual(strings);
    expect(stringAt(read, strings.length)).toBeNull();
    expect(stringAt(read, -1)).toBeNull();
    // Decoded whole once, then kept.
    const all = allStrings(read);
    expect(all).toEqual(strings);
    expect(allStrings(read)).toBe(all);
  });

  it('reads packed bytes that are a view into a larger (shared) buffer', () => {
    const packed = packedStrings(stringColumnOf(['a', 'bé', null]));
    const shared = new Uint8Array(new SharedArrayBuffer(packed.bytes.length + 8));
    shared.set(packed.bytes, 8);
    const read = packedColumnOf({ ...packed, bytes: shared.subarray(8) });
    expect(allStrings(read)).toEqual(['a', 'bé', null]);
    expect(stringAt(packedColumnOf({ ...packed, bytes: shared.subarray(8) }), 1)).toBe('bé');
  });
});
