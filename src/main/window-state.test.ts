import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, placeWindow, stateFromWindow } from './window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const external = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('placeWindow', () => {
  it('uses the default size on first launch', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({ width: 1400, height: 900, maximized: false });
    expect(DEFAULT_WINDOW_STATE.maximized).toBe(false);
  });

  it('restores a position that is still on a screen', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800, maximized: true };
    expect(placeWindow(saved, [laptop, external])).toEqual(saved);
  });

  it('drops a position on a monitor that is gone, keeping the size', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('drops a position whose title bar is off screen', () => {
    expect(placeWindow({ x: 10, y: -500, width: 800, height: 600, maximized: false }, [laptop])).toEqual({
      width: 800,
      height: 600,
      maximized: false,
    });
  });

  it('never opens bigger than the largest screen', () => {
    expect(placeWindow({ width: 5000, height: 3000, maximized: false }, [laptop])).toEqual({
      width: 1440,
      height: 900,
      maximized: false,
    });
  });
});

describe('stateFromWindow', () => {
  it('rounds and keeps the un-maximised bounds', () => {
    expect(stateFromWindow({ x: 10.4, y: 20.6, width: 1000.2, height: 700.7 }, true)).toEqual({
      x: 10,
      y: 21,
      width: 1000,
      height: 701,
      maximized: true,
    });
  });
});
