import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  devContentSecurityPolicy,
  externalUrlOrNull,
  withContentSecurityPolicy,
} from './content-policy';

describe('content security policy', () => {
  it('is the strict production policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('relaxes only what the dev server needs', () => {
    const dev = devContentSecurityPolicy('http://localhost:5173');
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("object-src 'none'");
  });

  it('replaces a CSP header whatever its casing and keeps the others', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      CONTENT_SECURITY_POLICY,
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});

describe('externalUrlOrNull', () => {
  it('lets https links through, parsed', () => {
    expect(externalUrlOrNull('https://burr.apache.org/')).toBe('https://burr.apache.org/');
    expect(externalUrlOrNull('https://burr.apache.org/concepts/streaming-actions/#x')).toBe(
      'https://burr.apache.org/concepts/streaming-actions/#x',
    );
  });

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'ms-msdt:/id PCWDiagnostic',
    'https://user:pw@example.com/',
    'app://stream-lens/index.html',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(externalUrlOrNull(url)).toBeNull();
  });
});
