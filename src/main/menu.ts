import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../preload/desktop-bridge';
import { recentFolderLabel } from './recent-folders';

export const BURR_DOCS_URL = 'https://burr.apache.org/';

export interface MenuOptions {
  isMac: boolean;
  /** Running from source (not packaged): adds reload and the developer tools. */
  isDev: boolean;
  recentFolders: readonly string[];
  homeDir: string;
  onOpenFolder(): void;
  onOpenRecent(folder: string): void;
  onClearRecent(): void;
  /** Selection-dependent work the renderer carries out (it receives the action on the menu channel). */
  onAction(action: MenuAction): void;
  onAbout(): void;
  onOpenUrl(url: string): void;
}

const VIEWS: readonly { label: string; action: MenuAction }[] = [
  { label: 'Dashboard', action: 'view:dashboard' },
  { label: 'Streams', action: 'view:streams' },
  { label: 'Runs', action: 'view:runs' },
  { label: 'Compare', action: 'view:compare' },
  { label: 'Problems', action: 'view:problems' },
];

/**
 * The native menu as a plain template (no Electron runtime needed, so it is
 * unit-testable). Accelerators follow UI.md. Ctrl/Cmd+R is Reimport, so the
 * usual reload lives only in the developer build, on Ctrl/Cmd+Shift+R.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] =
    options.recentFolders.length === 0
      ? [{ label: 'No Recent Folders', enabled: false }]
      : [
          ...options.recentFolders.map(
            (folder): MenuItemConstructorOptions => ({
              label: recentFolderLabel(folder, options.homeDir),
              click: () => options.onOpenRecent(folder),
            }),
          ),
          { type: 'separator' },
          { label: 'Clear Recent', click: () => options.onClearRecent() },
        ];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => options.onOpenFolder() },
      { label: 'Open Recent', submenu: recent },
      { label: 'Add S3 Bucket…', click: () => options.onAction('add-s3') },
      { type: 'separator' },
      { label: 'Reimport', accelerator: 'CmdOrCtrl+R', click: () => options.onAction('reimport') },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => options.onAction('export') },
      { type: 'separator' },
      options.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    // The roles matter on macOS: without them Cmd+C/V/A do nothing in text fields.
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      { label: 'Find…', accelerator: 'CmdOrCtrl+F', click: () => options.onAction('find') },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...VIEWS.map(
        ({ label, action }, index): MenuItemConstructorOptions => ({
          label,
          accelerator: `CmdOrCtrl+${index + 1}`,
          click: () => options.onAction(action),
        }),
      ),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.isDev
        ? ([
            { type: 'separator' },
            { role: 'forceReload' },
            { role: 'toggleDevTools' },
          ] satisfies MenuItemConstructorOptions[])
        : []),
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Burr Documentation', click: () => options.onOpenUrl(BURR_DOCS_URL) },
      ...(options.isMac
        ? []
        : ([
            { type: 'separator' },
            { label: 'About Stream Lens', click: () => options.onAbout() },
          ] satisfies MenuItemConstructorOptions[])),
    ],
  };

  if (!options.isMac) return [file, edit, view, help];
  const appMenu: MenuItemConstructorOptions = {
    label: 'Stream Lens',
    submenu: [
      { label: 'About Stream Lens', click: () => options.onAbout() },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [appMenu, file, edit, view, { role: 'windowMenu' }, help];
}
