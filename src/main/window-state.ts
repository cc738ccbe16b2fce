import type { WindowState } from './settings-file';

/** Pure placement logic for the main window; window.ts wires it to Electron. */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1400, height: 900, maximized: false };

/** How much of the title bar must land on a screen for a saved position to be reused. */
const MIN_VISIBLE = 64;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The saved state made safe for the current screens: a position on a monitor
 * that is no longer attached is dropped (the OS centres the window), and the
 * size is capped to the largest work area so the window never opens bigger
 * than any screen.
 */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Rect[]): WindowState {
  const state = saved ?? DEFAULT_WINDOW_STATE;
  const maxWidth = Math.max(...workAreas.map((a) => a.width), 800);
  const maxHeight = Math.max(...workAreas.map((a) => a.height), 600);
  const width = Math.min(state.width, maxWidth);
  const height = Math.min(state.height, maxHeight);
  if (state.x === undefined || state.y === undefined) return { width, height, maximized: state.maximized };
  const rect = { x: state.x, y: state.y, width, height };
  const visible = workAreas.some((area) => {
    const o = overlap(rect, area);
    // The top strip (title bar) must be on this screen, or the user cannot drag the window back.
    const titleBarOnScreen = rect.y >= area.y - 8 && rect.y < area.y + area.height - 32;
    return o.width >= MIN_VISIBLE && o.height > 0 && titleBarOnScreen;
  });
  return visible ? { ...rect, maximized: state.maximized } : { width, height, maximized: state.maximized };
}

/** What to save: the normal (un-maximised) bounds, so un-maximising next time restores a sensible size. */
export function stateFromWindow(normalBounds: Rect, maximized: boolean): WindowState {
  return {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.max(200, Math.round(normalBounds.width)),
    height: Math.max(150, Math.round(normalBounds.height)),
    maximized,
  };
}
