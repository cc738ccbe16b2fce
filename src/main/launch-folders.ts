import { statSync } from 'node:fs';
import path from 'node:path';

/** Which folders to open at launch: the ones on the command line, or a sensible first-run default. */

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Folders named on a command line (`npm start -- <folder>`, `stream-lens-app
 * <folder>`, or a second launch while the app runs). `argv` excludes the
 * executable. Switches (Chromium's, Playwright's, macOS's -psn_…) and the
 * app's own path (`electron .`) are skipped, as is anything that is not an
 * existing directory: the service is the place that reports unreadable logs.
 */
export function foldersFromArgv(argv: readonly string[], cwd: string, exclude: readonly string[]): string[] {
  const excluded = new Set(exclude.map((e) => path.resolve(e)));
  const folders: string[] = [];
  for (const arg of argv) {
    if (arg === '' || arg.startsWith('-')) continue;
    const resolved = path.resolve(cwd, arg);
    if (excluded.has(resolved) || folders.includes(resolved) || !isDirectory(resolved)) continue;
    folders.push(resolved);
  }
  return folders;
}

/** First launch with an empty library: the user's Burr logs if they have any, else the bundled samples. */
export function firstLaunchFolder(homeDir: string, sampleLogsDir: string): string | null {
  const burrHome = path.join(homeDir, '.burr');
  if (isDirectory(burrHome)) return burrHome;
  if (isDirectory(sampleLogsDir)) return sampleLogsDir;
  return null;
}
