import { existsSync } from 'node:fs';
import { BrowserWindow, nativeTheme } from 'electron';
import type { WindowState } from './settings-file';
import { stateFromWindow } from './window-state';

export interface MainWindowOptions {
  preloadFile: string;
  iconFile: string;
  /** Already made safe for the current screens (placeWindow). */
  state: WindowState;
  allowDevTools: boolean;
  onStateChange(state: WindowState): void;
}

const SAVE_DELAY_MS = 500;

/**
 * The one app window. The renderer is untrusted as far as main is concerned:
 * isolated context, OS-level sandbox, no Node, web security on, and it
 * reaches the core only through the preload's `window.api`.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { state } = options;
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 560,
    title: 'Stream Lens',
    // Shown once the first frame is painted, on a background that matches the theme, so there is no white flash.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
    ...(existsSync(options.iconFile) ? { icon: options.iconFile } : {}),
    webPreferences: {
      preload: options.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click on a link would otherwise try to open a new window; the open handler denies it, this stops it at the source.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: options.allowDevTools,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    options.onStateChange(stateFromWindow(win.getNormalBounds(), win.isMaximized()));
  };
  // Saved a moment after the user stops dragging (and again on close) so a crash still keeps the last placement.
  const saveSoon = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', save);
  return win;
}
