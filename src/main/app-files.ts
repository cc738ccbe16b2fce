import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './ipc-binder';

/**
 * Maps an app://stream-lens/… URL to a file of the built renderer. Pure (no
 * Electron, no fs) so the path-traversal guard is unit-tested on its own.
 */

export type AppFileResolution =
  | { kind: 'file'; file: string; fallbackToIndex: boolean }
  | { kind: 'error'; status: 400 | 404; reason: string };

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function resolveAppFile(rootDir: string, requestUrl: string): AppFileResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'error', status: 400, reason: 'unparseable URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '') {
    return { kind: 'error', status: 404, reason: 'unknown host' };
  }
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'error', status: 400, reason: 'malformed percent-encoding' };
  }
  // A NUL or a backslash never appears in a built asset's URL; on Windows a backslash would be a separator that the URL parser did not normalise.
  if (relative.includes('\0') || relative.includes('\\')) {
    return { kind: 'error', status: 400, reason: 'invalid characters in path' };
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';

  const root = path.resolve(rootDir);
  // Decoding can re-introduce `..` (%2e%2e) after the URL parser normalised the path, so check containment after resolving.
  const file = path.resolve(root, `.${path.posix.sep}${relative.replace(/^\/+/, '')}`);
  const fromRoot = path.relative(root, file);
  if (
    fromRoot === '' ||
    fromRoot === '..' ||
    fromRoot.startsWith(`..${path.sep}`) ||
    path.isAbsolute(fromRoot)
  ) {
    return { kind: 'error', status: 404, reason: 'outside the app folder' };
  }
  // A path without an extension is a client-side route: serve the app shell if no such file exists.
  const fallbackToIndex = path.extname(file) === '';
  return { kind: 'file', file, fallbackToIndex };
}
