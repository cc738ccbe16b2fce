import { describe, expect, it } from 'vitest';
import { CELL_PX, toMarks } from './scatter-marks';

const id = (v: number): number => v;

describe('toMarks', () => {
  it('puts points of one colour within a cell into one mark at their mean, keeping every point', () => {
    const marks = toMarks(
      [
        { x: 10, y: 10, color: 'blue' },
        { x: 11, y: 11, color: 'blue' },
        { x: 10, y: 11, color: 'amber' },
        { x: 10 + 3 * CELL_PX, y: 10, color: 'blue' },
      ],
      id,
      id,
    );
    expect(marks).toHaveLength(3);
    const shared = marks.find((m) => m.points.length === 2);
    expect(shared).toMatchObject({ px: 10.5, py: 10.5, color: 'blue', points: [0, 1] });
    // A different colour never shares a mark, even on the same pixel.
    expect(marks.find((m) => m.color === 'amber')?.points).toEqual([2]);
    expect(marks.flatMap((m) => m.points).sort()).toEqual([0, 1, 2, 3]);
  });

  it('bounds the marks by the plot area, not by the number of points', () => {
    // 20,000 points over a 300 x 300 px plot: at most (300 / CELL_PX)^2 marks per colour.
    const points = Array.from({ length: 20_000 }, (_, i) => ({
      x: (i * 7919) % 300,
      y: (i * 104_729) % 300,
      color: i % 2 === 0 ? 'blue' : 'amber',
    }));
    const marks = toMarks(points, id, id);
    expect(marks.length).toBeLessThanOrEqual(2 * (300 / CELL_PX) ** 2);
    expect(marks.reduce((n, m) => n + m.points.length, 0)).toBe(20_000);
  });

  it('leaves out points the axes cannot place', () => {
    const marks = toMarks([{ x: 1, y: 1, color: 'blue' }], () => undefined, id);
    expect(marks).toEqual([]);
  });
});
