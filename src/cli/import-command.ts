import { existsSync } from 'node:fs';
import path from 'node:path';
import { importPaths } from '../core/importer/import-paths';
import type { ImportSummary } from '../core/importer/import-types';
import type { StoreDatabase } from '../core/store/open-store';
import { CliError, EXIT } from './exit-codes';
import { ttyProgress } from './progress-bar';

/**
 * Imports the given paths into the database (incrementally). Shared by every
 * command: `report` and `serve` first import the paths they are given.
 */
export function importForCommand(
  db: StoreDatabase,
  paths: readonly string[],
  showProgress: boolean,
): ImportSummary | null {
  if (paths.length === 0) return null;
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new CliError(
      `Cannot read ${missing.map((p) => path.resolve(p)).join(', ')}: not found. Give a folder that holds Burr tracker logs (e.g. ~/.burr or an S3 download).`,
      EXIT.unreadableInput,
    );
  }
  const progress = ttyProgress(process.stderr);
  try {
    return importPaths(db, paths, showProgress ? { onProgress: progress } : {});
  } finally {
    progress.finish();
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

export function jsonSummary(
  s: ImportSummary & { listed?: number; downloaded?: number; downloadBytes?: number; location?: string },
): string {
  const s3 =
    s.listed === undefined
      ? {}
      : { location: s.location, listed: s.listed, downloaded: s.downloaded, download_bytes: s.downloadBytes };
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
