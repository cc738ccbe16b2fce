/**
 * The renderer's Content-Security-Policy, the same for every host (Electron's
 * app:// protocol and the `serve` HTTP host): everything from the app's own
 * origin, no inline script, nothing framed, no forms, no plugins. Inline
 * styles stay allowed: the chart library sets style attributes.
 * One literal (not joined parts) so scanners such as Electronegativity can read it.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
