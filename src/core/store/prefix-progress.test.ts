import { describe, expect, it } from 'vitest';
import { PrefixProgress } from './prefix-progress';

describe('PrefixProgress', () => {
  it('wakes each wait once its prefix is done, and never one past the whole length', async () => {
    const progress = new PrefixProgress(100);
    const woken: number[] = [];
    const waits = [10, 50, 100].map((end) => progress.until(end).then((inside) => inside && woken.push(end)));
    expect(await progress.until(101)).toBe(false);
    progress.advance(50);
    await Promise.resolve();
    expect(woken.sort((a, b) => a - b)).toEqual([10, 50]);
    progress.advance(30); // behind: nothing goes back
    expect(progress.done).toBe(50);
    progress.advance(100);
    await Promise.all(waits);
    expect(woken.sort((a, b) => a - b)).toEqual([10, 50, 100]);
    expect(await progress.until(0)).toBe(true);
  });

  it('tells every wait not met that it never will be once ended, and later ones at once', async () => {
    const progress = new PrefixProgress(100);
    progress.advance(20);
    const met = progress.until(20);
    const unmet = progress.until(60);
    progress.end();
    expect(await met).toBe(true);
    expect(await unmet).toBe(false);
    expect(await progress.until(40)).toBe(false);
    // Work reported after the end still counts for what it covers.
    progress.advance(60);
    expect(await progress.until(60)).toBe(true);
  });
});
