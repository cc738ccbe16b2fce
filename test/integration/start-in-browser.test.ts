import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/fixtures';
import { collectOutput, projectsServedAt, servedUrl } from '../helpers/served-app';

// `npm start` where Electron cannot run (this machine has no Electron binary): the same app
// starts in the browser, on the bundled samples, and answers (issue 12 item 1).

const ROOT = path.resolve(__dirname, '../..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
});

function electronInstalled(): boolean {
  const pathFile = path.join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(
    path.join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()),
  );
}

describe('npm start without Electron', () => {
  it('says why in one line, then serves the app on the samples and prints the address', async () => {
    const home = tempDir();
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start-desktop.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOME: home,
        STREAM_LENS_DB: path.join(home, 'start.db'),
        DISPLAY: '',
        WAYLAND_DISPLAY: '',
        // Where an Electron binary exists, ask for the browser path explicitly.
        ...(electronInstalled() ? { STREAM_LENS_BROWSER: '1' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const output = collectOutput(child);
    const url = await servedUrl(child, output);
    expect(output()).toMatch(/^Stream Lens: .+; opening the same app in your browser instead\.$/m);
    // Printed right after the address, possibly in the next chunk of the pipe.
    await vi.waitFor(() =>
      expect(output()).toMatch(/No display here: open the address above in a browser\./),
    );
    const { page, projects } = await projectsServedAt(url);
    expect(page).toMatch(/<div id="root">/);
    expect(projects.map((p) => p.name)).toContain('chatbot-models');
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }, 90_000);
});
