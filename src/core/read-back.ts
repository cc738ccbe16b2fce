import { closeSync, readSync } from 'node:fs';
import { describeFsError } from './burr/layout';
import { openRegularFile } from './burr/open-regular-file';
import { ServiceError } from './service-error';
import { type RecordedFile, recordedFile } from './store/file-queries';
import type { StoreDatabase } from './store/open-store';

/** The most one read-back returns; the rest is cut (the renderer says so). */
export const MAX_READBACK = 64 * 1024 * 1024;

/**
 * Reads a source line back from its file (big payloads such as state are never
 * copied into the database). Only what the import recorded can be read, and
 * only from the file it recorded it from:
 * - the range must start at a line start inside the imported part of the file;
 * - the path is opened without blocking (a FIFO or device is refused) and the
 *   open file must still be the same one (device and inode) and not shorter,
 *   so a path re-pointed by a link or replaced since the import reads nothing.
 */
export function readRecordedLine(db: StoreDatabase, fileRef: number, offset: number, length: number) {
  const recorded = recordedFile(db, fileRef);
  if (!recorded) throw new ServiceError('That line belongs to a file that is no longer in the library.');
  if (offset + length > recorded.imported) {
    throw new ServiceError(`That range of ${recorded.path} is not a line the import recorded.`);
  }
  const fd = openRecordedFile(recorded, 'this line');
  try {
    if (offset > 0 && !startsALine(fd, offset)) {
      throw new ServiceError(`That range of ${recorded.path} is not a line the import recorded.`);
    }
    const want = Math.min(length, MAX_READBACK);
    const buf = Buffer.alloc(want);
    const n = readSync(fd, buf, 0, want, offset);
    return {
      path: recorded.path,
      text: buf.toString('utf8', 0, n).replace(/\r?\n$/, ''),
      truncated: want < length,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a recorded file for reading back its imported part: without blocking (a FIFO or device is
 * refused), and only when it is still the very file imported (device and inode) and not shorter
 * than what was imported. Throws a ServiceError that says what to do; the caller closes the fd.
 */
export function openRecordedFile(recorded: RecordedFile, what: string): number {
  let opened: ReturnType<typeof openRegularFile>;
  try {
    opened = openRegularFile(recorded.path);
  } catch (error) {
    throw new ServiceError(`Cannot read ${recorded.path}: ${describeFsError(error)}.`);
  }
  const { fd, stat } = opened;
  const identity = `${stat.dev}:${stat.ino}`;
  if ((recorded.identity !== null && identity !== recorded.identity) || stat.size < recorded.imported) {
    closeSync(fd);
    throw new ServiceError(
      `${recorded.path} changed since it was imported (replaced, re-pointed or cut short): reimport it to read ${what}.`,
    );
  }
  return fd;
}

function startsALine(fd: number, offset: number): boolean {
  const before = Buffer.alloc(1);
  return readSync(fd, before, 0, 1, offset - 1) === 1 && before[0] === 0x0a;
}
