import { describe, expect, it } from 'vitest';
import { CRASH_WINDOW_MS, describeGone, onRendererGone, recentCrashes } from './crash-policy';

describe('renderer crash recovery', () => {
  it('reloads after a first crash, and asks when it crashes again within a minute', () => {
    expect(onRendererGone([], 1_000_000)).toBe('reload');
    expect(onRendererGone([1_000_000], 1_000_000 + 5_000)).toBe('ask');
    expect(onRendererGone([1_000_000], 1_000_000 + CRASH_WINDOW_MS)).toBe('reload');
  });

  it('forgets crashes older than the window', () => {
    expect(recentCrashes([0, 50_000, 100_000], 120_000)).toEqual([100_000]);
  });

  it('says why in words', () => {
    expect(describeGone('oom', 0)).toBe('ran out of memory');
    expect(describeGone('crashed', 139)).toBe('crashed (exit code 139)');
    expect(describeGone('abnormal-exit', 3)).toBe('stopped (abnormal-exit, exit code 3)');
  });
});
