import { useSyncExternalStore } from 'react';

/**
 * Chart colours as concrete values. recharts writes them into SVG attributes, and "Save as PNG"
 * serializes that SVG without the stylesheet, so `var(--gen)` would not survive: read the CSS
 * variables once per colour scheme instead.
 */
export interface ThemeColors {
  dark: boolean;
  bg: string;
  panel: string;
  text: string;
  muted: string;
  faint: string;
  grid: string;
  axis: string;
  border: string;
  neutral: string;
  neutralSoft: string;
  gen: string;
  genLegacy: string;
  consumer: string;
  consumerLegacy: string;
  ttft: string;
  ttftLegacy: string;
  failed: string;
  groups: string[];
}

const QUERY = '(prefers-color-scheme: dark)';

function read(): ThemeColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string): string => css.getPropertyValue(name).trim();
  return {
    dark: window.matchMedia(QUERY).matches,
    bg: v('--bg'),
    panel: v('--bg-panel'),
    text: v('--text'),
    muted: v('--text-muted'),
    faint: v('--text-faint'),
    grid: v('--grid'),
    axis: v('--axis'),
    border: v('--border'),
    neutral: v('--neutral-bar'),
    neutralSoft: v('--neutral-bar-soft'),
    gen: v('--gen'),
    genLegacy: v('--gen-legacy'),
    consumer: v('--consumer'),
    consumerLegacy: v('--consumer-legacy'),
    ttft: v('--ttft'),
    ttftLegacy: v('--ttft-legacy'),
    failed: v('--failed'),
    groups: [1, 2, 3, 4, 5, 6].map((i) => v(`--group-${i}`)),
  };
}

let cached: ThemeColors | null = null;
let cachedDark: boolean | null = null;

function snapshot(): ThemeColors {
  const dark = window.matchMedia(QUERY).matches;
  if (cached === null || cachedDark !== dark) {
    cached = read();
    cachedDark = dark;
  }
  return cached;
}

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia(QUERY);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

export function useThemeColors(): ThemeColors {
  return useSyncExternalStore(subscribe, snapshot);
}

/** The colour of compare group i, in the fixed palette order. */
export function groupColor(colors: ThemeColors, i: number): string {
  return colors.groups[i % colors.groups.length] ?? colors.neutral;
}
