import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Stream Lens';
export const DATABASE_FILE = 'stream-lens.db';

/**
 * The app's own database: the file the desktop app opens, in Electron's
 * `userData` folder for this product name, so the CLI and the app share it.
 * STREAM_LENS_DB overrides it (tests, CI, several databases side by side).
 */
export function defaultDatabasePath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.STREAM_LENS_DB) return path.resolve(env.STREAM_LENS_DB);
  const home = os.homedir();
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(appData, APP_DIR_NAME, DATABASE_FILE);
}
