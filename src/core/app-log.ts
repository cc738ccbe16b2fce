import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A log file a user can attach to a bug report: one line per event (`ISO-time LEVEL message`),
 * rotated at `maxBytes` into `app.log.1`, `app.log.2`… keeping `keep` files in all. Logging
 * never throws: a full disk or a read-only folder must not take the app down with it.
 */
export interface AppLog {
  /** The current log file. */
  readonly path: string;
  write(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface AppLogOptions {
  maxBytes?: number;
  keep?: number;
}

export function createAppLog(file: string, options: AppLogOptions = {}): AppLog {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = Math.max(1, options.keep ?? 3);
  let size: number | null = null;
  const rotate = (): void => {
    rmSync(`${file}.${keep - 1}`, { force: true });
    for (let i = keep - 2; i >= 1; i--)
      if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    if (keep > 1) renameSync(file, `${file}.1`);
    else rmSync(file, { force: true });
    size = 0;
  };
  return {
    path: file,
    write(level, message) {
      const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message.replace(/\r?\n/g, '\n    ')}\n`;
      try {
        if (size === null) {
          mkdirSync(path.dirname(file), { recursive: true });
          size = existsSync(file) ? statSync(file).size : 0;
        }
        if (size > 0 && size + Buffer.byteLength(line) > maxBytes) rotate();
        appendFileSync(file, line, { mode: 0o600 });
        size += Buffer.byteLength(line);
      } catch {
        size = null; // look again next time (the folder may come back)
      }
    },
  };
}
