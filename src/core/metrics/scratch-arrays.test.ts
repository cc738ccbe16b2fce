import { describe, expect, it } from 'vitest';
import { leaseScratch } from './scratch-arrays';

describe('scratch arrays', () => {
  it('never hands out one buffer twice in a lease, and reuses them after release', () => {
    const first = leaseScratch();
    const a = first.f64(1000);
    const b = first.f64(1000);
    const c = first.i32(10);
    expect(new Set([a.buffer, b.buffer, c.buffer]).size).toBe(3);
    a.fill(1);
    b.fill(2);
    expect(a[999]).toBe(1);
    first.release();

    // The same pages serve the next lease; a smaller array takes the smallest buffer that fits.
    const second = leaseScratch();
    const small = second.i32(10);
    expect(small.buffer).toBe(c.buffer);
    const big = second.f64(1000);
    expect([a.buffer, b.buffer]).toContain(big.buffer);
    expect(big.length).toBe(1000);
    // Left-over contents unless zeroed is asked for.
    const zeroed = second.u16(4000, true);
    expect([a.buffer, b.buffer]).toContain(zeroed.buffer);
    expect(zeroed.every((x) => x === 0)).toBe(true);
    // Bigger than anything free: a new buffer.
    const bigger = second.f64(5000);
    expect([a.buffer, b.buffer, c.buffer]).not.toContain(bigger.buffer);
    second.release();
  });

  it('hands a shared lease views of shared memory only, and a plain lease plain buffers only', () => {
    const plain = leaseScratch();
    const p = plain.f64(64);
    expect(p.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    plain.release();
    const shared = leaseScratch({ shared: true });
    const s = shared.f64(64);
    const rows = shared.i32(64);
    expect(s.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(rows.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(s.buffer).not.toBe(p.buffer);
    shared.release();
    // Each kind goes back to its own kind of lease.
    const again = leaseScratch();
    expect(again.f64(64).buffer).not.toBeInstanceOf(SharedArrayBuffer);
    again.release();
    const sharedAgain = leaseScratch({ shared: true });
    expect([s.buffer, rows.buffer]).toContain(sharedAgain.f64(64).buffer);
    sharedAgain.release();
  });
});
