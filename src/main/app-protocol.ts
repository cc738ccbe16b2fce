import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { mimeTypeFor, resolveAppFile } from './app-files';
import { CONTENT_SECURITY_POLICY } from './content-policy';
import { APP_SCHEME } from './ipc-binder';

/**
 * Must run before `app` is ready. `standard` gives the scheme a real origin
 * (relative URLs and same-origin checks work like https), `secure` makes it a
 * secure context, `supportFetchAPI` lets module scripts and fetch load from it.
 * Deliberately NOT `bypassCSP` (our CSP must apply) and NOT `corsEnabled`
 * (that flag lets other origins read the scheme; the app only loads its own
 * files, which are same-origin).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    },
  });
}

async function readIfFile(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

/**
 * Serves the built renderer (out/renderer) at app://stream-lens/. Files are
 * read by us rather than proxied with net.fetch(file://…) so every response
 * carries the CSP and nosniff headers, whatever the session hooks do for
 * custom schemes.
 */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const resolved = resolveAppFile(rendererDir, request.url);
    if (resolved.kind === 'error') return textResponse(resolved.status, 'Not found');
    let file = resolved.file;
    let body = await readIfFile(file);
    if (body === null && resolved.fallbackToIndex) {
      file = path.join(rendererDir, 'index.html');
      body = await readIfFile(file);
    }
    if (body === null) return textResponse(404, 'Not found');
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': mimeTypeFor(file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  });
}
