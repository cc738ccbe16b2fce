import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/fixtures';
import { codeIdentity } from './code-identity';

describe('code identity', () => {
  it('names a bundle by its bytes (not its time: asar reports the launch time), so another build is other code', () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.js');
    const b = path.join(dir, 'b.js');
    const c = path.join(dir, 'c.js');
    writeFileSync(a, 'console.log(1);');
    writeFileSync(b, 'console.log(1);');
    writeFileSync(c, 'console.log(2);');
    utimesSync(a, 1000, 1000);
    utimesSync(b, 2000, 2000);
    const [ia, ib, ic] = [a, b, c].map((f) => codeIdentity(pathToFileURL(f).href));
    expect(ia).toMatch(/^bundle:[0-9a-f]{64}:/);
    expect(ia).toContain(process.versions.node);
    expect(ib).toBe(ia);
    expect(ic).not.toBe(ia);
  });

  it('names the sources by their newest time and count, and unreadable code by this process alone', () => {
    expect(codeIdentity()).toMatch(/^source:\d+:\d+/);
    expect(codeIdentity()).toBe(codeIdentity());
    const missing = pathToFileURL(path.join(tempDir(), 'gone.js')).href;
    expect(codeIdentity(missing)).toMatch(/^unknown:/);
  });
});
