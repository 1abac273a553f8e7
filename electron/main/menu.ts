/** Installs the application menu (menu-template.ts). */
import { Menu } from 'electron';
import { menuTemplate, type MenuOptions } from './menu-template.ts';

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)));
}
