/**
 * The fallback of `npm start` where the Electron binary is missing or cannot run: the same app,
 * served by `stream-lens serve` on a free port of 127.0.0.1 and opened in the system browser
 * (where there is a display), its address printed. Stops with Ctrl+C like the desktop app.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** What to open when no folder is given: ~/.burr when Burr has written there, else the bundled samples. */
export function defaultFolders(home = os.homedir()) {
  const burr = path.join(home, '.burr');
  return [existsSync(burr) ? burr : path.join(ROOT, 'resources', 'sample-logs')];
}

/** The command that opens a URL in the user's browser here, or null where there is no display. */
export function browserOpener(platform = process.platform, env = process.env) {
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""'];
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return ['xdg-open'];
  return null;
}

function openInBrowser(url) {
  const opener = browserOpener();
  if (!opener) return false;
  try {
    const [command, ...args] = opener;
    const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true });
    child.on('error', () => {}); // no xdg-open: the printed address is enough
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** Runs `serve` in the foreground; resolves with its exit code. */
export function startInBrowser(folders, reason) {
  console.log(`Stream Lens: ${reason}; opening the same app in your browser instead.`);
  const open = folders.length > 0 ? folders : defaultFolders();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'stream-lens.mjs'), 'serve', ...open], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let opened = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    process.stdout.write(text);
    const url = /^Open: (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m.exec(text)?.[1];
    if (url && !opened) {
      opened = true;
      if (!openInBrowser(url)) console.log('No display here: open the address above in a browser.');
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`Stream Lens: could not start the browser app: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1)));
  });
}
