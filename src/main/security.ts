import { app, type Session, shell, type WebContents } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  devContentSecurityPolicy,
  externalUrlOrNull,
  withContentSecurityPolicy,
} from './content-policy';

export interface SecurityOptions {
  /** Whether a URL belongs to the app (its own origin, or the dev server while developing). */
  isAppUrl(url: string): boolean;
  /** Set only when loading the renderer from the electron-vite dev server. */
  devServerOrigin?: string | undefined;
}

/** Opens a link in the user's browser after parsing it; returns whether it was opened. */
export function openExternalSafely(url: string): boolean {
  const safe = externalUrlOrNull(url);
  if (safe === null) return false;
  void shell.openExternal(safe).catch(() => {
    // Nothing to recover: the OS has no handler for https or the user dismissed it.
  });
  return true;
}

/**
 * Session-wide rules: our CSP on every response (the dev server's HTML and any
 * response the protocol handler did not produce), every permission denied
 * (the app needs none: no camera, notifications, geolocation, HID…), and
 * exports saved through a native dialog.
 */
export function hardenSession(session: Session, options: SecurityOptions): void {
  const policy = options.devServerOrigin
    ? devContentSecurityPolicy(options.devServerOrigin)
    : CONTENT_SECURITY_POLICY;
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.on('will-download', (_event, item) => {
    // Exports are Blob downloads from the renderer: ask where to save them instead of dropping them silently in Downloads.
    item.setSaveDialogOptions({ title: 'Save export', defaultPath: item.getFilename() });
  });
}

/**
 * Per-page rules, applied to every WebContents the app ever creates: no
 * navigation away from the app, no new windows (https links go to the OS
 * browser instead), no <webview>.
 */
export function hardenWebContents(contents: WebContents, options: SecurityOptions): void {
  contents.on('will-navigate', (event) => {
    if (!options.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!options.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!options.isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** Applies hardenWebContents to every WebContents, including ones created later. */
export function hardenAllWebContents(options: SecurityOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}
