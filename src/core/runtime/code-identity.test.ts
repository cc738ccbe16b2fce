import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/fixtures';
import { codeIdentity } from './code-identity';

describe('code identity', () => {
  it('names a bundle by its size and time, so another build is other code', () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.js');
    const b = path.join(dir, 'b.js');
    writeFileSync(a, 'console.log(1);');
    writeFileSync(b, 'console.log(1);');
    utimesSync(a, 1000, 1000);
    utimesSync(b, 2000, 2000);
    expect(codeIdentity(pathToFileURL(a).href)).toBe('bundle:15:1000000');
    expect(codeIdentity(pathToFileURL(b).href)).toBe('bundle:15:2000000');
  });

  it('names the sources by their newest time and count, and unreadable code by this process alone', () => {
    expect(codeIdentity()).toMatch(/^source:\d+:\d+/);
    expect(codeIdentity()).toBe(codeIdentity());
    const missing = pathToFileURL(path.join(tempDir(), 'gone.js')).href;
    expect(codeIdentity(missing)).toMatch(/^unknown:/);
  });
});
