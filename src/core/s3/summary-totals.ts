import type { ImportSummary } from '../importer/import-types';

/** Adds one page's import summary into a sync's running totals (a sync imports page by page). */
export function addImportSummary(t: ImportSummary, s: ImportSummary): void {
  t.files += s.files;
  t.files_read += s.files_read;
  t.files_unchanged += s.files_unchanged;
  t.file_errors += s.file_errors;
  t.bytes += s.bytes;
  t.lines += s.lines;
  t.quarantined += s.quarantined;
  t.invalid_utf8_lines += s.invalid_utf8_lines;
  t.cancelled ||= s.cancelled;
  t.rereads.push(...s.rereads);
  t.errors.push(...s.errors);
  t.changed_apps = [...new Set([...(t.changed_apps ?? []), ...(s.changed_apps ?? [])])];
}
