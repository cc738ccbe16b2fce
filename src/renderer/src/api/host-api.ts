import type { Api } from '../../../shared/contract';

/** Actions the Electron menu may send (src/main); the browser host never sends any. */
export type MenuAction =
  | 'open-folder'
  | 'reimport'
  | 'export'
  | 'view:dashboard'
  | 'view:streams'
  | 'view:runs'
  | 'view:compare'
  | 'view:problems';

/** `window.api` as the Electron preload exposes it: the contract plus an optional menu channel. */
export type HostApi = Api & {
  onMenu?: (listener: (action: MenuAction) => void) => () => void;
};

declare global {
  interface Window {
    api?: HostApi;
  }
}
