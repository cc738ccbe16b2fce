import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveAppFile } from './app-files';

const root = path.resolve('/srv/out/renderer');

function fileOf(url: string): string | null {
  const resolved = resolveAppFile(root, url);
  return resolved.kind === 'file' ? resolved.file : null;
}

describe('resolveAppFile', () => {
  it('serves the app shell at the root and files below it', () => {
    expect(fileOf('app://stream-lens/')).toBe(path.join(root, 'index.html'));
    expect(fileOf('app://stream-lens/index.html')).toBe(path.join(root, 'index.html'));
    expect(fileOf('app://stream-lens/assets/index-abc.js?v=1#x')).toBe(
      path.join(root, 'assets', 'index-abc.js'),
    );
    expect(fileOf('app://stream-lens/assets/My%20Font.woff2')).toBe(
      path.join(root, 'assets', 'My Font.woff2'),
    );
  });

  it.each([
    'app://stream-lens/../../etc/passwd',
    'app://stream-lens/%2e%2e/%2e%2e/etc/passwd',
    'app://stream-lens/assets/%2e%2e%2f%2e%2e%2fsecret',
    'app://stream-lens/..%2f..%2fsecret',
    'app://stream-lens/%2E%2E/out/main/index.js',
  ])('never leaves the renderer folder: %s', (url) => {
    const resolved = resolveAppFile(root, url);
    if (resolved.kind === 'file') {
      expect(path.relative(root, resolved.file).startsWith('..')).toBe(false);
    } else {
      expect(resolved.status).toBe(404);
    }
  });

  it('refuses backslashes, NUL bytes and broken escapes', () => {
    expect(resolveAppFile(root, 'app://stream-lens/..%5C..%5Csecret')).toMatchObject({
      kind: 'error',
      status: 400,
    });
    expect(resolveAppFile(root, 'app://stream-lens/index.html%00.png')).toMatchObject({
      kind: 'error',
      status: 400,
    });
    expect(resolveAppFile(root, 'app://stream-lens/%E0%A4%A')).toMatchObject({ kind: 'error', status: 400 });
  });

  it('answers only for its own host', () => {
    expect(resolveAppFile(root, 'app://other/index.html')).toMatchObject({ kind: 'error', status: 404 });
    expect(resolveAppFile(root, 'app://stream-lens:81/index.html')).toMatchObject({
      kind: 'error',
      status: 404,
    });
    expect(resolveAppFile(root, 'https://stream-lens/index.html')).toMatchObject({
      kind: 'error',
      status: 404,
    });
  });

  it('marks extension-less paths as client routes that fall back to the shell', () => {
    expect(resolveAppFile(root, 'app://stream-lens/streams')).toMatchObject({
      kind: 'file',
      fallbackToIndex: true,
    });
    expect(resolveAppFile(root, 'app://stream-lens/assets/a.js')).toMatchObject({
      kind: 'file',
      fallbackToIndex: false,
    });
  });
});

describe('mimeTypeFor', () => {
  it('knows what a Vite build emits, and nothing is sniffed', () => {
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('a.bin')).toBe('application/octet-stream');
  });
});
