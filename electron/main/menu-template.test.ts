import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuOptions } from './menu-template.ts';
import { menuItems } from './testing/electron-stand-in.ts';

const base: MenuOptions = { isMac: false, development: false, helpLink: null, openExternal: () => {} };

describe('the application menu', () => {
  it('has no DevTools item in production, on any platform', () => {
    for (const isMac of [false, true]) {
      const items = menuItems(menuTemplate({ ...base, isMac }));
      expect(items).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'reload', 'windowMenu', 'help']));
      // Ctrl + / − / 0 are the window's text size keys; a zoom role would take them first.
      for (const zoom of ['zoomIn', 'zoomOut', 'resetZoom']) expect(items).not.toContain(zoom);
      expect(items).not.toContain('toggleDevTools');
      // The View menu is spelled out: the viewMenu role would bring DevTools back.
      expect(items).not.toContain('viewMenu');
    }
  });

  it('has the DevTools item in a development run', () => {
    expect(menuItems(menuTemplate({ ...base, development: true }))).toContain('toggleDevTools');
  });

  it('has the app menu on macOS only', () => {
    expect(menuItems(menuTemplate({ ...base, isMac: true }))[0]).toBe('appMenu');
    expect(menuItems(menuTemplate(base))).not.toContain('appMenu');
  });

  it('opens the documentation from Help when there is a page, else shows About', () => {
    const opened: string[] = [];
    const help = menuTemplate({ ...base, helpLink: 'https://porthole.example/', openExternal: (u) => opened.push(u) }).at(-1)!;
    const item = (help.submenu as { label?: string; click?: () => void }[])[0];
    expect(item.label).toBe('Porthole Documentation');
    item.click!();
    expect(opened).toEqual(['https://porthole.example/']);
    expect(menuItems(menuTemplate(base)).at(-1)).toBe('about');
  });
});
