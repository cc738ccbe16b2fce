import { existsSync } from 'node:fs';
import path from 'node:path';
import { importPaths } from '../core/importer/import-paths';
import type { ImportSummary } from '../core/importer/import-types';
import { refreshSavedSnapshot } from '../core/store/facts-snapshot-refresh';
import type { StoreDatabase } from '../core/store/open-store';
import { watchAndImport } from '../core/watch/watch-and-import';
import { CliImports } from './cli-imports';
import { CliError, EXIT } from './exit-codes';

/**
 * Imports the given paths into the database (incrementally). Shared by every
 * command: `report` and `serve` first import the paths they are given.
 */
export async function importForCommand(
  db: StoreDatabase,
  databasePath: string,
  paths: readonly string[],
  showProgress: boolean,
): Promise<ImportSummary | null> {
  if (paths.length === 0) return null;
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new CliError(
      `Cannot read ${missing.map((p) => path.resolve(p)).join(', ')}: not found. Give a folder that holds Burr tracker logs (e.g. ~/.burr or an S3 download).`,
      EXIT.unreadableInput,
    );
  }
  return new CliImports(db, databasePath, showProgress).folders(paths);
}

/**
 * After an import: the app's saved dashboard snapshot, when there is one, brought up to date
 * (store/facts-snapshot-refresh.ts), so the app's next start reads it as is instead of doing this
 * on its way to the first view. A failure only costs that start its time: it never fails the import.
 */
export async function refreshAppSnapshot(
  db: StoreDatabase,
  databasePath: string,
  say: ((line: string) => void) | null,
): Promise<void> {
  const started = performance.now();
  try {
    const done = await refreshSavedSnapshot(db, databasePath, () =>
      say?.("Updating the app's dashboard snapshot for its next start…"),
    );
    if (done === 'refreshed') say?.(`Updated in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    process.stderr.write(
      `warning: the app's dashboard snapshot was not updated (${error instanceof Error ? error.message : String(error)}); the app updates it at its next start.\n`,
    );
  }
}

export function humanSummary(s: ImportSummary): string {
  const lines = [
    `Imported ${s.files_read} of ${s.files} files (${s.files_unchanged} unchanged): ` +
      `${(s.bytes / 1024 / 1024).toFixed(1)} MB, ${s.lines.toLocaleString('en-US')} lines in ${s.seconds.toFixed(2)} s.`,
  ];
  if (s.quarantined > 0)
    lines.push(`${s.quarantined} bad line(s) quarantined: see the Problems view or the quarantine table.`);
  if (s.invalid_utf8_lines > 0)
    lines.push(`${s.invalid_utf8_lines} line(s) had invalid UTF-8, replaced with U+FFFD.`);
  for (const r of s.rereads) lines.push(`Re-read from the start: ${r.path} (${r.reason}).`);
  for (const e of s.errors) lines.push(`Error: ${e.message}`);
  for (const [name, c] of Object.entries(s.projects)) {
    lines.push(
      `  ${name}: ${c.apps} apps, ${c.steps} steps, ${c.streams} streams (${c.timed_streams} timed, ${c.failed_streams} failed), ${c.spans} spans, ${c.attributes} attributes`,
    );
  }
  if (s.cancelled) lines.push('Cancelled: run the import again to continue where it stopped.');
  return lines.join('\n');
}

export function jsonSummary(s: ImportSummary): string {
  // An S3 sync's own counts first, under the keys the CLI has always printed.
  const s3 = s.s3
    ? {
        location: s.s3.location,
        listed: s.s3.listed,
        downloaded: s.s3.downloaded,
        download_bytes: s.s3.download_bytes,
      }
    : {};
  return JSON.stringify(
    {
      ...s3,
      files: s.files,
      files_read: s.files_read,
      files_unchanged: s.files_unchanged,
      file_errors: s.file_errors,
      bytes: s.bytes,
      lines: s.lines,
      quarantined: s.quarantined,
      invalid_utf8_lines: s.invalid_utf8_lines,
      seconds: Number(s.seconds.toFixed(3)),
      cancelled: s.cancelled,
      rereads: s.rereads,
      errors: s.errors,
      projects: s.projects,
    },
    null,
    2,
  );
}

/**
 * `import --watch`: after the first import, keep watching the folders and
 * import what is appended, printing one line per import that read something
 * (one JSON object per line with --json). Stops on Ctrl+C.
 */
export async function watchImport(db: StoreDatabase, paths: readonly string[], json: boolean): Promise<void> {
  const live = watchAndImport(paths, {
    catchUp: false,
    run: ({ paths: changed, sourceLocations }) => importPaths(db, changed, { sourceLocations }),
    onImported: (_request, summary) => {
      if (summary.lines === 0) return;
      if (json)
        process.stdout.write(
          `${JSON.stringify({ time: new Date().toISOString(), ...JSON.parse(jsonSummary(summary)) })}\n`,
        );
      else {
        const streams = Object.values(summary.projects).reduce((n, p) => n + p.streams, 0);
        process.stdout.write(
          `${new Date().toLocaleTimeString()}  +${summary.lines} lines from ${summary.files_read} file(s); ${streams} streams in total\n`,
        );
      }
    },
    onError: (error, _request, willRetry) =>
      process.stderr.write(
        `Import failed${willRetry ? ' (will retry)' : ''}: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
    onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
  });
  await live.ready;
  if (!json) process.stderr.write(`Watching ${paths.length} folder(s) for new lines (Ctrl+C to stop).\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await live.close();
}
