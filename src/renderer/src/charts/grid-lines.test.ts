import { describe, expect, it } from 'vitest';
import { verticalGridAt } from './grid-lines';

const offset = { top: 8, bottom: 34, left: 48, right: 16, width: 484, height: 218, brushBottom: 34 };
const props = { xAxis: undefined, width: 548, height: 260, offset };

describe('verticalGridAt', () => {
  it('puts a line at each tick where a linear scale puts it, then the two edges', () => {
    const lines = verticalGridAt([0, 250, 500], [0, 1000], false)(props, false);
    expect(lines).toEqual([48, 169, 290, 532]);
  });

  it('spaces ticks by their logarithm on a log axis', () => {
    const lines = verticalGridAt([10, 100], [1, 1000], true)(props, false);
    expect(lines[0]).toBeCloseTo(48 + 484 / 3);
    expect(lines[1]).toBeCloseTo(48 + (2 * 484) / 3);
    expect(lines.slice(2)).toEqual([48, 532]);
  });

  it('draws only the edges when the domain is a single value', () => {
    expect(verticalGridAt([5], [5, 5], false)(props, false)).toEqual([48, 532]);
  });
});
