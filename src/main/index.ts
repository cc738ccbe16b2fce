import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell } from 'electron';
import { createAppLog } from '../core/app-log';
import { createService, type Service } from '../core/service';
import { EVENT_CHANNEL, MENU_CHANNEL, type MenuAction } from '../preload/desktop-bridge';
import { EVENT_NAMES } from '../shared/contract';
import { appPaths } from './app-paths';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { describeGone, onRendererGone, recentCrashes } from './crash-policy';
import { chooseLogFolder, showAboutDialog, showErrorDialog } from './dialogs';
import {
  electronChangePointsWorkerFile,
  electronImportRunner,
  electronMomentsWorkerFile,
  electronSnapshotWorkerFile,
} from './import-runner';
import { APP_ORIGIN, allowedSenderFor, bindContract, type ContractHandlers } from './ipc-binder';
import { firstLaunchFolder, foldersFromArgv } from './launch-folders';
import { buildMenuTemplate } from './menu';
import { printHtmlToPdf } from './print-pdf';
import { addRecentFolder, removeRecentFolder } from './recent-folders';
import { hardenAllWebContents, hardenSession, openExternalSafely } from './security';
import { readSettings, SETTINGS_FILE_NAME, type Settings, writeSettings } from './settings-file';
import { createMainWindow } from './window';
import { placeWindow } from './window-state';

// ---------------------------------------------------------------------------
// Before `ready`. Everything here runs synchronously while the ESM entry is
// evaluated, which Electron guarantees happens before the ready event (as long
// as there is no top-level await).
// ---------------------------------------------------------------------------

app.setName('Stream Lens');
// One place for the database and settings whether started from source or packaged; tests point it at a temp folder.
const userDataOverride = process.env.STREAM_LENS_USER_DATA;
app.setPath(
  'userData',
  userDataOverride ? path.resolve(userDataOverride) : path.join(app.getPath('appData'), 'Stream Lens'),
);
// Every renderer sandboxed, even one created by a code path that forgets the webPreferences.
app.enableSandbox();
registerAppScheme();

const isMac = process.platform === 'darwin';
const CLOSE_IMPORT_GRACE_MS = 3000;

const devServerCandidate = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
// A dev server URL that is not loopback http(s) is ignored rather than trusted: the built renderer is loaded instead.
const devServerUrl =
  devServerCandidate &&
  allowedSenderFor({ isDev: true, devServerUrl: devServerCandidate })(devServerCandidate)
    ? devServerCandidate
    : undefined;
const isAppUrl = allowedSenderFor({ isDev: devServerUrl !== undefined, devServerUrl });
const paths = appPaths({
  mainDir: import.meta.dirname,
  packaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  electronVersion: process.versions.electron,
});
const userData = app.getPath('userData');
const databasePath = path.join(userData, 'stream-lens.db');
const settingsFile = path.join(userData, SETTINGS_FILE_NAME);
/** The log a user attaches to a bug report (Help → About shows where it is). */
const appLog = createAppLog(path.join(userData, 'logs', 'app.log'));

let settings: Settings = readSettings(settingsFile);
let service: Service | null = null;
let mainWindow: BrowserWindow | null = null;
let shuttingDown = false;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function saveSettings(): void {
  try {
    writeSettings(settingsFile, settings);
  } catch (error) {
    // Losing the window position or recent list is not worth interrupting the user for.
    console.warn(`Stream Lens: could not save ${settingsFile}: ${errorMessage(error)}`);
  }
}

/** Startup cannot continue: say why and how to fix it, then exit non-zero (a test or script sees the failure). */
function fatal(title: string, detail: string): void {
  dialog.showErrorBox(title, detail);
  app.exit(1);
}

function showError(title: string, detail: string): void {
  showErrorDialog(mainWindow, title, detail);
}

/** Core push events and menu actions go only to windows that still show the app (never to a page that got elsewhere). */
function broadcast(channel: string, ...args: unknown[]): void {
  for (const win of BrowserWindow.getAllWindows()) {
    const contents = win.webContents;
    if (contents.isDestroyed() || !isAppUrl(contents.getURL())) continue;
    contents.send(channel, ...args);
  }
}

function sendMenuAction(action: MenuAction): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (!target || target.isDestroyed()) return;
  const contents = target.webContents;
  if (isAppUrl(contents.getURL())) contents.send(MENU_CHANNEL, action);
}

function rememberFolder(folder: string): void {
  settings = { ...settings, recentFolders: addRecentFolder(settings.recentFolders, folder) };
  saveSettings();
  app.addRecentDocument(path.resolve(folder));
  installMenu();
}

function forgetFolder(folder: string): void {
  settings = { ...settings, recentFolders: removeRecentFolder(settings.recentFolders, folder) };
  saveSettings();
  installMenu();
}

/** Adds the folder as a source; the service imports it in its worker and pushes progress to the renderer. */
function openFolder(folder: string, { remember = true }: { remember?: boolean } = {}): void {
  if (!service) return;
  try {
    service.addFolder(folder);
    if (remember) rememberFolder(folder);
  } catch (error) {
    showError('Cannot open the folder', errorMessage(error));
  }
}

async function openFolderDialog(): Promise<void> {
  const folder = await chooseLogFolder(mainWindow);
  if (folder) openFolder(folder);
}

function openRecent(folder: string): void {
  if (!existsSync(folder)) {
    forgetFolder(folder);
    showError('Folder not found', `${folder} no longer exists, so it was removed from Open Recent.`);
    return;
  }
  openFolder(folder);
}

function showAbout(): void {
  showAboutDialog(mainWindow, {
    version: app.getVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    node: process.versions.node,
    databasePath,
    logPath: appLog.path,
  });
}

function installMenu(): void {
  const template = buildMenuTemplate({
    isMac,
    isDev: !app.isPackaged,
    recentFolders: settings.recentFolders,
    homeDir: os.homedir(),
    onOpenFolder: () => void openFolderDialog(),
    onOpenRecent: openRecent,
    onClearRecent: () => {
      settings = { ...settings, recentFolders: [] };
      saveSettings();
      app.clearRecentDocuments();
      installMenu();
    },
    onAction: sendMenuAction,
    onAbout: showAbout,
    onOpenUrl: (url) => void openExternalSafely(url),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const win = createMainWindow({
    preloadFile: paths.preloadFile,
    iconFile: paths.iconFile,
    state: placeWindow(settings.window, workAreas),
    allowDevTools: !app.isPackaged,
    onStateChange: (state) => {
      settings = { ...settings, window: state };
      saveSettings();
    },
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  recoverFromRendererCrashes(win);
  const url = devServerUrl ?? `${APP_ORIGIN}/index.html`;
  win.loadURL(url).catch((error: unknown) => {
    console.error(`Stream Lens: could not load ${url}: ${errorMessage(error)}`);
  });
  return win;
}

/** Times of recent renderer crashes, for crash-policy.ts. */
let rendererCrashes: number[] = [];

/** A dead renderer would leave a blank window: reload it, and ask before reloading a second time. */
function recoverFromRendererCrashes(win: BrowserWindow): void {
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const now = Date.now();
    const action = onRendererGone(rendererCrashes, now);
    rendererCrashes = [...recentCrashes(rendererCrashes, now), now];
    const what = `The Stream Lens window ${describeGone(details.reason, details.exitCode)}.`;
    console.error(`Stream Lens: ${what} (${action})`);
    appLog.write('error', `${what} (${action})`);
    if (action === 'reload') {
      win.webContents.reload();
      return;
    }
    void dialog
      .showMessageBox(win, {
        type: 'error',
        title: 'Stream Lens',
        message: what,
        detail:
          'It happened twice within a minute. Your data is safe in the database. Reload the window, or quit?',
        buttons: ['Reload', 'Quit'],
        defaultId: 0,
        cancelId: 1,
      })
      .then(({ response }) => {
        if (response === 0 && !win.isDestroyed()) win.webContents.reload();
        else app.quit();
      });
  });
}

/** The contract handlers as the desktop exposes them: folders added from the renderer also land in Open Recent. */
function desktopHandlers(core: Service): ContractHandlers {
  return {
    ...core.handlers,
    'sources:add': async (request) => {
      const result = await core.handlers['sources:add'](request);
      rememberFolder(request.path);
      return result;
    },
    'export:pdf': async (request) => {
      const html = await core.handlers['export:render']({ ...request, format: 'html' });
      return {
        filename: html.filename.replace(/\.html$/, '.pdf'),
        mime: 'application/pdf',
        base64: await printHtmlToPdf(html.content),
      };
    },
  };
}

/** Folders from the command line; otherwise, on a first launch (empty library), ~/.burr or the bundled samples. */
async function openLaunchFolders(core: Service): Promise<void> {
  const fromArgs = foldersFromArgv(process.argv.slice(1), process.cwd(), [app.getAppPath()]);
  if (fromArgs.length > 0) {
    for (const folder of fromArgs) openFolder(folder);
    return;
  }
  const sources = await core.handlers['sources:list']({});
  if (sources.length > 0) return;
  const folder = firstLaunchFolder(os.homedir(), paths.sampleLogsDir);
  if (folder) openFolder(folder, { remember: folder !== paths.sampleLogsDir });
}

async function start(): Promise<void> {
  const devServerOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
  hardenSession(session.defaultSession, { isAppUrl, devServerOrigin });
  handleAppProtocol(paths.rendererDir);

  if (paths.nativeBinding && !existsSync(paths.nativeBinding)) {
    fatal(
      'SQLite is not built for this Electron',
      `Stream Lens needs better-sqlite3 compiled for Electron ${process.versions.electron}, expected at:\n${paths.nativeBinding}\n\n` +
        'Run `node scripts/rebuild-native-for-electron.mjs` (npm start does this for you), then start again.',
    );
    return;
  }
  try {
    service = createService({
      databasePath,
      host: 'electron',
      version: app.getVersion(),
      ...(paths.nativeBinding ? { nativeBinding: paths.nativeBinding } : {}),
      importRunner: electronImportRunner(paths.nativeBinding),
      snapshotWorkerFile: electronSnapshotWorkerFile(),
      changePointsWorkerFile: electronChangePointsWorkerFile(),
      momentsWorkerFile: electronMomentsWorkerFile(),
      logPath: appLog.path,
      showInFolder: (shown) => shell.showItemInFolder(shown),
    });
    appLog.write(
      'info',
      `Stream Lens ${app.getVersion()} started (Electron ${process.versions.electron}), ${databasePath}`,
    );
  } catch (error) {
    appLog.write('error', `Cannot open the database ${databasePath}: ${errorMessage(error)}`);
    fatal(
      'Cannot open the Stream Lens database',
      `${errorMessage(error)}\n\nDatabase: ${databasePath}\nMove or delete that file to start with an empty library.`,
    );
    return;
  }

  for (const name of EVENT_NAMES) service.on(name, (payload) => broadcast(EVENT_CHANNEL, name, payload));
  service.on('import:done', ({ summary, error }) => {
    if (error) appLog.write('error', `Import failed: ${error}`);
    else if (summary)
      appLog.write(
        'info',
        `Imported ${summary.files_read} of ${summary.files} files, ${summary.lines} lines, ${summary.quarantined} quarantined, ${summary.errors.length} notices in ${summary.seconds.toFixed(2)} s`,
      );
  });
  bindContract(ipcMain, desktopHandlers(service), { isAllowedSender: isAppUrl });
  installMenu();
  mainWindow = createWindow();
  await openLaunchFolders(service);
}

/** Cancels a running import (it commits what it has; the next import continues from there) before closing the database. */
async function shutdown(core: Service): Promise<void> {
  try {
    const status = await core.handlers['import:status']({});
    if (status.running) {
      await core.handlers['import:cancel']({ jobId: status.running.jobId });
      await Promise.race([core.whenIdle(), delay(CLOSE_IMPORT_GRACE_MS)]);
    }
  } catch (error) {
    console.warn(`Stream Lens: while stopping the import: ${errorMessage(error)}`);
  }
  core.close();
}

// ---------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------

if (!app.requestSingleInstanceLock()) {
  // Another Stream Lens owns this profile; it receives our folders through 'second-instance'.
  app.quit();
} else {
  hardenAllWebContents({ isAppUrl });

  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const folder of foldersFromArgv(argv.slice(1), workingDirectory, [app.getAppPath()]))
      openFolder(folder);
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });

  app.on('activate', () => {
    if (service && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });

  app.on('before-quit', (event) => {
    const core = service;
    if (shuttingDown || !core) return;
    event.preventDefault();
    shuttingDown = true;
    service = null;
    void shutdown(core).finally(() => app.quit());
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fatal('Stream Lens could not start', errorMessage(error)));
}
