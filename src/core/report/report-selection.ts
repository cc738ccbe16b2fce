import type { StreamFilter } from '../../shared/filter';

/** The filter's set fields as key/values, for a report's "what this contains" header. */
export function reportSelection(
  filter: StreamFilter,
): Record<string, string | number | boolean | readonly number[]> {
  const out: Record<string, string | number | boolean | readonly number[]> = {};
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) out[key] = value;
  return out;
}
