import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/fixtures';
import { collectOutput, projectsServedAt, servedUrl } from '../helpers/served-app';

// From a fresh clone (its dependencies installed, nothing built), `npx stream-lens serve
// resources/sample-logs` and `npm start` work with no other step: the CLI and the browser app
// build themselves (issue 12). The clone is of the committed HEAD; node_modules is this checkout's.

const ROOT = path.resolve(__dirname, '../..');
const children: ChildProcess[] = [];
/**
 * Stops a child started `detached` and what it started: npx and npm run the app as a child of
 * their own and do not pass SIGTERM on, so killing only them left the server running.
 */
function stopGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
afterEach(() => {
  for (const child of children.splice(0)) stopGroup(child);
});

describe('a fresh clone', () => {
  it('serves the samples with `npx stream-lens serve resources/sample-logs`, and `npm start` opens them in the browser', async () => {
    const clone = path.join(tempDir(), 'stream-lens');
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${ROOT}`, clone]);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
    const home = tempDir();
    const child = spawn('npx', ['stream-lens', 'serve', 'resources/sample-logs'], {
      cwd: clone,
      env: { ...process.env, HOME: home, STREAM_LENS_DB: path.join(home, 'clone.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // stopped with its process group (stopGroup)
    });
    children.push(child);
    const output = collectOutput(child);
    const url = await servedUrl(child, output);
    expect(output()).not.toMatch(/not built|Run: npm run/);
    const { page, projects } = await projectsServedAt(url);
    expect(page).toMatch(/<div id="root">/);
    expect(projects.map((p) => p.name)).toContain('chatbot-models');
    stopGroup(child);

    // `npm start` in the same clone: no Electron binary here, so the browser app on the samples.
    const start = spawn('npm', ['start'], {
      cwd: clone,
      env: {
        ...process.env,
        HOME: home,
        STREAM_LENS_DB: path.join(home, 'start.db'),
        STREAM_LENS_BROWSER: '1', // where an Electron binary exists, still test the browser path
        DISPLAY: '',
        WAYLAND_DISPLAY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // npm's children too are stopped with the process group (stopGroup)
    });
    children.push(start);
    const startOutput = collectOutput(start);
    try {
      const started = await projectsServedAt(await servedUrl(start, startOutput));
      expect(started.projects.map((p) => p.name)).toContain('chatbot-models');
      expect(startOutput()).toMatch(/opening the same app in your browser instead/);
    } finally {
      stopGroup(start);
    }
  }, 180_000);
});
