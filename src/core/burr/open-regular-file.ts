import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';

/**
 * Opens a log or document for reading without ever blocking: a plain `open`
 * of a FIFO waits for a writer forever (a log swapped for a FIFO hung the
 * whole `serve` host), and a device can hand out endless bytes. O_NONBLOCK
 * makes the open return at once whatever the path is; fstat on the open
 * descriptor (not the path, which can be swapped in between) then refuses
 * anything but a regular file. O_NONBLOCK does not change reads of regular files.
 */
export class NotARegularFileError extends Error {
  readonly code = 'ENOTREG';
}

/** Read-only, returning at once whatever the path is (a named pipe, a device). */
export const NON_BLOCKING_READ = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export function openRegularFile(file: string): { fd: number; stat: Stats } {
  const fd = openSync(file, NON_BLOCKING_READ);
  let stat: Stats;
  try {
    stat = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (!stat.isFile()) {
    closeSync(fd);
    throw new NotARegularFileError(`${describeSpecialFile(stat)}, not a regular file: skipped`);
  }
  return { fd, stat };
}

/** What kind of special file this is, in words for a notice. */
export function describeSpecialFile(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a folder';
  return 'a special file';
}
