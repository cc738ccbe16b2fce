/**
 * What to do when the renderer process dies (a crash, an out-of-memory kill, a GPU fault):
 * reload the window at once the first time, so the user gets the app back instead of a blank
 * window; if it dies again soon after, reloading blindly could loop, so ask (Reload / Quit).
 * Pure: the main process passes the crash times it kept; tested without Electron.
 */
export const CRASH_WINDOW_MS = 60_000;

export type CrashAction = 'reload' | 'ask';

/** `previousCrashes`: when earlier crashes happened (ms), any order; `now`: this crash. */
export function onRendererGone(previousCrashes: readonly number[], now: number): CrashAction {
  return previousCrashes.some((at) => now - at < CRASH_WINDOW_MS) ? 'ask' : 'reload';
}

/** The crashes worth remembering at `now` (older ones no longer matter). */
export function recentCrashes(crashes: readonly number[], now: number): number[] {
  return crashes.filter((at) => now - at < CRASH_WINDOW_MS);
}

/** A reason from Electron's `render-process-gone` details, in words for the dialog and the log. */
export function describeGone(reason: string, exitCode: number): string {
  switch (reason) {
    case 'oom':
      return 'ran out of memory';
    case 'crashed':
      return `crashed (exit code ${exitCode})`;
    case 'killed':
      return 'was killed by the system';
    case 'launch-failed':
      return 'could not start';
    case 'integrity-failure':
      return 'failed a code integrity check';
    default:
      return `stopped (${reason}, exit code ${exitCode})`;
  }
}
