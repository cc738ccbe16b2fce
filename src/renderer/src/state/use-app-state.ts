import { useCallback, useSyncExternalStore } from 'react';
import type { AppState } from './app-state';
import { formatHash, parseHash } from './hash-codec';

/*
 * The URL hash is the single store of selection and view state: back/forward work, a reload of
 * the `serve` page restores the view, and Electron (file:// or dev server) keeps it the same way.
 */

const listeners = new Set<() => void>();
let lastHash: string | null = null;
let lastState: AppState | null = null;

function snapshot(): AppState {
  const h = window.location.hash;
  if (lastState === null || h !== lastHash) {
    lastHash = h;
    lastState = parseHash(h);
  }
  return lastState;
}

function notify(): void {
  for (const l of listeners) l();
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  if (listeners.size === 1) {
    window.addEventListener('hashchange', notify);
    window.addEventListener('popstate', notify);
  }
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0) {
      window.removeEventListener('hashchange', notify);
      window.removeEventListener('popstate', notify);
    }
  };
}

export type StateUpdate = Partial<AppState> | ((s: AppState) => Partial<AppState>);

/**
 * Applies an update. `replace` is for changes that should not each make a history entry (typing in
 * a search box, toggles); navigation (views, runs, projects) pushes one.
 */
export function updateAppState(update: StateUpdate, replace = false): void {
  const cur = snapshot();
  const patch = typeof update === 'function' ? update(cur) : update;
  const next = formatHash({ ...cur, ...patch });
  if (next === window.location.hash) return;
  const url = `${window.location.pathname}${window.location.search}${next}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  notify();
}

export function useAppState(): [AppState, (update: StateUpdate, replace?: boolean) => void] {
  const state = useSyncExternalStore(subscribe, snapshot);
  const set = useCallback((update: StateUpdate, replace = false) => updateAppState(update, replace), []);
  return [state, set];
}
