/**
 * The application menu as data, so what it offers is tested without Electron:
 * the platform's usual roles and shortcuts, DevTools only in a development run, and no
 * page zoom (the window's text size has its own keys).
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  isMac: boolean;
  development: boolean;
  /** The documentation page the Help menu opens, if there is one. */
  helpLink: string | null;
  openExternal(url: string): void;
}

export function menuTemplate({ isMac, development, helpLink, openExternal }: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(development ? [{ role: 'toggleDevTools' } as const] : []),
    // No zoom roles: Ctrl + / − / 0 belong to the window's own text size (remembered,
    // rows re-measured), and a menu accelerator would take those keys first.
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: helpLink ? [{ label: 'Porthole Documentation', click: () => openExternal(helpLink) }] : [{ role: 'about' }],
    },
  ];
}
