import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRendererBuilt } from '../../src/cli/renderer-build';
import { tempDir } from '../helpers/fixtures';

// The decisions of `serve`'s own renderer build; the build itself runs in start-in-browser.test.ts
// and by hand (removing out/renderer, then `stream-lens serve` builds it).

describe("serve's renderer build", () => {
  it('serves an installed build as is when there are no sources to rebuild it from', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'out', 'renderer'), { recursive: true });
    writeFileSync(path.join(root, 'out', 'renderer', 'index.html'), '<html></html>');
    const lines: string[] = [];
    ensureRendererBuilt(root, path.join(root, 'out', 'renderer'), (l) => lines.push(l));
    expect(lines).toEqual([]);
  });

  it('says what to run when there is neither a build nor a way to make one', () => {
    const root = tempDir();
    expect(() => ensureRendererBuilt(root, path.join(root, 'out', 'renderer'), () => {})).toThrow(
      /The renderer is not built .*Run: npm run build:web/,
    );
  });

  it('keeps a build that is newer than every source', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'src', 'renderer'), { recursive: true });
    writeFileSync(path.join(root, 'src', 'renderer', 'app.tsx'), 'export {};');
    writeFileSync(path.join(root, 'vite.web.config.ts'), 'export default {};');
    utimesSync(path.join(root, 'src', 'renderer', 'app.tsx'), 1_000, 1_000);
    mkdirSync(path.join(root, 'out', 'renderer'), { recursive: true });
    writeFileSync(path.join(root, 'out', 'renderer', 'index.html'), '<html></html>');
    const lines: string[] = [];
    ensureRendererBuilt(root, path.join(root, 'out', 'renderer'), (l) => lines.push(l));
    expect(lines).toEqual([]);
  });
});
