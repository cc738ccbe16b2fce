import { readFileSync } from 'node:fs';

/**
 * The system limits on watches, and what to tell the user when one is hit:
 * past it the watcher polls the remaining folders instead (slower to notice,
 * some CPU), and the message says how to raise the limit.
 */

/** Errors of fs.watch that mean "no more watches" rather than "this folder is gone". */
const LIMIT_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

/** The limit's error code when `error` is a watch-limit error, else null. */
export function watchLimitCode(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  return LIMIT_CODES.has(code) ? code : null;
}

export function limitMessage(code: string, watched: number): string {
  if (code === 'ENOSPC') {
    const limit = readLinuxLimit('max_user_watches');
    return (
      `Live folders: the system limit on watched folders is reached (fs.inotify.max_user_watches = ${limit}, ` +
      `${watched} watched here). The other folders are checked by polling instead: their new lines show up ` +
      'a little later and cost some CPU. To watch them all, raise the limit, e.g. ' +
      '`sudo sysctl fs.inotify.max_user_watches=524288` (add it to /etc/sysctl.conf to keep it).'
    );
  }
  return (
    `Live folders: too many open files (${code}) after watching ${watched} folders. The other folders are ` +
    'checked by polling instead: their new lines show up a little later. Raising the open-file limit (ulimit -n) helps.'
  );
}

function readLinuxLimit(name: string): string {
  try {
    return readFileSync(`/proc/sys/fs/inotify/${name}`, 'utf8').trim();
  } catch {
    return 'unknown';
  }
}
