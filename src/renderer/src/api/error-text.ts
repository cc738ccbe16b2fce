/** A message for people from whatever was thrown; never a bare stack. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'string') return e;
  return 'Something went wrong; the host gave no details.';
}
