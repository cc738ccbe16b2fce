import type { DesktopApi, MenuAction } from '../../../preload/desktop-bridge';
import type { Api } from '../../../shared/contract';

export type { MenuAction };

/**
 * `window.api` as the page sees it: the contract, plus `onMenu` only under Electron (the `serve`
 * host has no native menu), so code feature-tests it.
 */
export type HostApi = Api & Partial<Pick<DesktopApi, 'onMenu'>>;

declare global {
  interface Window {
    api?: HostApi;
  }
}
