import { useEffect, useRef } from 'react';
import { VIEWS, type ViewName } from './app-state';
import type { Commands } from './commands';

/**
 * Window shortcuts (UI.md): Ctrl/Cmd+O open folder, +R reimport, +E export, +F search, +1…5 views.
 * Ctrl+Shift+R is left to the browser (hard reload). In Electron the menu's accelerators take these
 * keys first, and its actions arrive through onMenu instead.
 */
export function useShortcuts(commands: Commands, showView: (v: ViewName) => void): void {
  const latest = useRef({ commands, showView });
  latest.current = { commands, showView };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const { commands: c, showView: show } = latest.current;
      const k = e.key.toLowerCase();
      const run = (f: () => void): void => {
        e.preventDefault();
        f();
      };
      if (k === 'o' && !e.shiftKey) run(c.openFolder);
      else if (k === 'r' && !e.shiftKey) run(c.reimport);
      else if (k === 'e' && !e.shiftKey) run(c.openExport);
      else if (k === 'f' && !e.shiftKey) run(c.focusSearch);
      else if (/^[1-5]$/.test(e.key) && !e.shiftKey) {
        const v = VIEWS[Number(e.key) - 1];
        if (v) run(() => show(v));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
