import type { Report } from './report-model';

/**
 * The report as pretty-printed JSON (the `report --format json` output), newline-terminated.
 * JSON.stringify escapes every control character and quote, so log strings cannot break out.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
