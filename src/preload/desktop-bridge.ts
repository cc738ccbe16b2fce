import type { Api, MethodName } from '../shared/contract';

/**
 * The wire between the Electron main process and the preload: channel names,
 * menu actions and the shape of `window.api` on the desktop. Kept free of any
 * 'electron' import so main, preload, renderer (types only) and unit tests can
 * all share it without dragging Electron into a Node or browser bundle.
 */

const CHANNEL_PREFIX = 'stream-lens:';

/** One IPC channel per contract method, so a compromised page cannot reach anything the contract does not name. */
export function channelFor(method: MethodName): string {
  return `${CHANNEL_PREFIX}${method}`;
}

/** Main → renderer: core push events (`events` in the contract), sent as (name, payload). */
export const EVENT_CHANNEL = 'stream-lens:event';

/** Main → renderer: a native menu item was chosen; the payload is one of MENU_ACTIONS. */
export const MENU_CHANNEL = 'stream-lens:menu';

/**
 * What the native menu asks the renderer to do. Actions that need the OS
 * (Open Folder…, Open Recent, About, Help links) are handled in main and never
 * reach the renderer; these are the ones only the renderer can carry out,
 * because they depend on the current selection and view.
 */
export const MENU_ACTIONS = [
  'add-s3',
  'reimport',
  'export',
  'find',
  'view:dashboard',
  'view:streams',
  'view:runs',
  'view:compare',
  'view:problems',
] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

export function isMenuAction(value: unknown): value is MenuAction {
  return typeof value === 'string' && (MENU_ACTIONS as readonly string[]).includes(value);
}

/**
 * `window.api` in the desktop app: the host-neutral contract API plus
 * `onMenu`, which exists only under Electron. Renderer code should feature-test
 * it (`'onMenu' in window.api`) because the `serve` host has no native menu.
 */
export type DesktopApi = Api & {
  onMenu(listener: (action: MenuAction) => void): () => void;
  /** Where a dropped file or folder is on disk ('' when it has no path). */
  pathForFile(file: unknown): string;
};
