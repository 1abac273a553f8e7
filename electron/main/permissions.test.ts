import { describe, expect, it } from 'vitest';
import { ownPagePredicate } from './app-origin.ts';
import { permissionAllowed, type PermissionAsker } from './permissions.ts';

const ours = ownPagePredicate(null);
const withDev = ownPagePredicate('http://localhost:5173/');

describe('permissionAllowed', () => {
  it.each<[string, PermissionAsker, boolean]>([
    ['notifications', { url: 'app://porthole/index.html', isMainFrame: true }, true],
    ['notifications', { origin: 'app://porthole', isMainFrame: true }, true],
    ['notifications', { origin: 'app://porthole/', url: 'app://porthole/index.html', isMainFrame: true }, true],
    ['notifications', { url: 'app://porthole/index.html', isMainFrame: false }, false],
    ['notifications', { origin: 'app://porthole', isMainFrame: true, embeddingOrigin: 'https://example.com' }, false],
    ['notifications', { origin: 'app://porthole', url: 'https://example.com/', isMainFrame: true }, false],
    ['notifications', { origin: 'app://porthole.evil', isMainFrame: true }, false],
    ['notifications', { origin: 'app://porthole/x', isMainFrame: true }, false],
    ['notifications', { url: 'https://example.com/', isMainFrame: true }, false],
    ['notifications', { url: 'http://localhost:5173/', isMainFrame: true }, false],
    ['notifications', { isMainFrame: true }, false],
    ['media', { url: 'app://porthole/index.html', isMainFrame: true }, false],
    ['clipboard-read', { origin: 'app://porthole', isMainFrame: true }, false],
    ['openExternal', { url: 'app://porthole/index.html', isMainFrame: true }, false],
  ])('%s for %j → %s', (permission, asker, allowed) => {
    expect(permissionAllowed(permission, asker, ours)).toBe(allowed);
  });

  it('in a development run, the dev server page is ours too', () => {
    expect(permissionAllowed('notifications', { origin: 'http://localhost:5173', isMainFrame: true }, withDev)).toBe(true);
    expect(permissionAllowed('notifications', { origin: 'http://localhost:5174', isMainFrame: true }, withDev)).toBe(false);
  });
});
