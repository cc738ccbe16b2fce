/**
 * Content-Security-Policy for the renderer, and the URL rules for leaving the
 * app. Electron-free so both are unit-testable and shared by the protocol
 * handler and the session hook.
 */

/** Production: everything from the app's own origin, no inline script, nothing framed, no forms, no plugins. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Only while running against the electron-vite dev server: React Fast Refresh
 * injects an inline preamble script and HMR talks over a websocket to that
 * server. Never used for the built app.
 */
export function devContentSecurityPolicy(devServerOrigin: string): string {
  const ws = devServerOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Replaces any CSP the response carried (whatever its header casing) with ours. */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
  policy: string,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}

/**
 * Links the app may hand to the OS browser: https only, parsed (not
 * prefix-matched), without credentials. Anything else — file:, javascript:,
 * custom schemes that launch other apps, smb: shares — is refused.
 */
export function externalUrlOrNull(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (
    parsed.protocol !== 'https:' ||
    parsed.hostname === '' ||
    parsed.username !== '' ||
    parsed.password !== ''
  )
    return null;
  return parsed.href;
}
