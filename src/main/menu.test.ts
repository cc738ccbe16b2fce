import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { BURR_DOCS_URL, buildMenuTemplate, type MenuOptions } from './menu';

function options(overrides: Partial<MenuOptions> = {}): MenuOptions {
  return {
    isMac: false,
    isDev: false,
    recentFolders: [],
    homeDir: '/home/ada',
    onOpenFolder: vi.fn(),
    onOpenRecent: vi.fn(),
    onClearRecent: vi.fn(),
    onAction: vi.fn(),
    onAbout: vi.fn(),
    onOpenUrl: vi.fn(),
    ...overrides,
  };
}

function items(menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function byLabel(menu: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const item = items(menu).find((i) => i.label === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as () => void)();
}

describe('buildMenuTemplate', () => {
  it('has the UI.md shortcuts, each sending its action', () => {
    const opts = options();
    const menu = buildMenuTemplate(opts);
    const expected: [string, string, string][] = [
      ['Reimport', 'CmdOrCtrl+R', 'reimport'],
      ['Export…', 'CmdOrCtrl+E', 'export'],
      ['Find…', 'CmdOrCtrl+F', 'find'],
      ['Dashboard', 'CmdOrCtrl+1', 'view:dashboard'],
      ['Streams', 'CmdOrCtrl+2', 'view:streams'],
      ['Runs', 'CmdOrCtrl+3', 'view:runs'],
      ['Compare', 'CmdOrCtrl+4', 'view:compare'],
      ['Problems', 'CmdOrCtrl+5', 'view:problems'],
    ];
    for (const [label, accelerator, action] of expected) {
      const item = byLabel(menu, label);
      expect(item.accelerator).toBe(accelerator);
      click(item);
      expect(opts.onAction).toHaveBeenLastCalledWith(action);
    }
    const open = byLabel(menu, 'Open Folder…');
    expect(open.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    expect(opts.onOpenFolder).toHaveBeenCalled();
  });

  it('no accelerator is used twice', () => {
    const accelerators = items(buildMenuTemplate(options({ isDev: true }))).flatMap((i) =>
      i.accelerator ? [String(i.accelerator)] : [],
    );
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('lists recent folders and can clear them', () => {
    const opts = options({ recentFolders: ['/home/ada/.burr', '/data/logs'] });
    const menu = buildMenuTemplate(opts);
    click(byLabel(menu, '~/.burr'));
    expect(opts.onOpenRecent).toHaveBeenCalledWith('/home/ada/.burr');
    click(byLabel(menu, 'Clear Recent'));
    expect(opts.onClearRecent).toHaveBeenCalled();
    expect(byLabel(buildMenuTemplate(options()), 'No Recent Folders').enabled).toBe(false);
  });

  it('developer tools and reload only in development', () => {
    const roles = (dev: boolean) => items(buildMenuTemplate(options({ isDev: dev }))).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('forceReload');
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
  });

  it('Help opens the Burr docs and About', () => {
    const opts = options();
    const menu = buildMenuTemplate(opts);
    click(byLabel(menu, 'Burr Documentation'));
    expect(opts.onOpenUrl).toHaveBeenCalledWith(BURR_DOCS_URL);
    click(byLabel(menu, 'About Stream Lens'));
    expect(opts.onAbout).toHaveBeenCalled();
  });

  it('macOS gets the app menu first and the Window menu', () => {
    const menu = buildMenuTemplate(options({ isMac: true }));
    expect(menu[0]?.label).toBe('Stream Lens');
    expect(menu.map((m) => m.role)).toContain('windowMenu');
    expect(items(menu).filter((i) => i.label === 'About Stream Lens')).toHaveLength(1);
  });
});
