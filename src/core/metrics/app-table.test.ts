import { describe, expect, it } from 'vitest';
import { appIdOf, appIndex, appsOf, appTableFrom, appTableOf, partitionKeyAt } from './app-table';
import { stringColumnOf } from './string-column';

const info = (appId: string, projectIdx = 0, partitionKey: string | null = null) => ({
  appId,
  projectIdx,
  partitionKey,
});

describe('the app table', () => {
  it('finds each app by its ref through a table when refs are small, and says when there is none', () => {
    const table = appTableFrom([
      [3, info('c', 1, 'user-1')],
      [1, info('a')],
      [7, info('g', 2)],
    ]);
    expect(table.index).toBeInstanceOf(Int32Array);
    expect([3, 1, 7].map((ref) => appIdOf(table, ref))).toEqual(['c', 'a', 'g']);
    expect(partitionKeyAt(table, appIndex(table, 3))).toBe('user-1');
    expect(table.projectIdx[appIndex(table, 7)]).toBe(2);
    for (const missing of [0, 2, 8, 1e9, -1, 1.5, Number.NaN]) expect(appIndex(table, missing)).toBe(-1);
    expect(appIdOf(table, 2)).toBeUndefined();
    expect([...appsOf(table)].map(([ref, a]) => [ref, a.appId])).toEqual([
      [3, 'c'],
      [1, 'a'],
      [7, 'g'],
    ]);
  });

  it('falls back to a Map when the refs are too large for a table', () => {
    const table = appTableOf({
      refs: Float64Array.from([5, 2 ** 40]),
      appIds: stringColumnOf(['small', 'huge']),
      projectIdx: Int32Array.from([0, 0]),
      partitionKeys: stringColumnOf([null, null]),
    });
    expect(table.index).toBeInstanceOf(Map);
    expect(appIdOf(table, 2 ** 40)).toBe('huge');
    expect(appIdOf(table, 5)).toBe('small');
    expect(appIndex(table, 6)).toBe(-1);
  });

  it('crosses threads as plain data: a structured clone answers the same', () => {
    const table = appTableFrom([
      [10, info('x')],
      [11, info('y')],
    ]);
    const copy = structuredClone(table);
    expect(appIdOf(copy, 11)).toBe('y');
    expect(appIndex(copy, 10)).toBe(0);
  });
});
