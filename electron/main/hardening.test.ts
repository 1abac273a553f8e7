/** Navigation, new windows and openExternal, through the hardening installed on a stand-in Electron. */
import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { standInOf, type FakeContents, type StandInState } from './testing/electron-stand-in.ts';

vi.mock('electron', async () => (await import('./testing/electron-stand-in.ts')).createElectronStandIn());

const DOCS = 'https://docs.example.org/porthole';
let s: StandInState;
let wc: FakeContents;

beforeAll(async () => {
  const electron = await import('electron');
  s = standInOf(electron);
  const { hardenAllWebContents } = await import('./hardening.ts');
  hardenAllWebContents([DOCS]);
  wc = Object.assign(new EventEmitter(), {
    mainFrame: { url: 'app://porthole/index.html' },
    sent: [],
    setWindowOpenHandler: (fn: FakeContents['openHandler']) => (wc.openHandler = fn),
  }) as FakeContents;
  s.app.emit('web-contents-created', {}, wc);
});

function navigate(url: string, isMainFrame = true): boolean {
  const event = { url, isMainFrame, prevented: false, preventDefault() { this.prevented = true; } };
  wc.emit('will-frame-navigate', event);
  if (isMainFrame && !event.prevented) wc.emit('will-navigate', event);
  return event.prevented;
}

describe('every web contents', () => {
  it('opens no window, and hands only documentation links to the browser', () => {
    for (const url of [`${DOCS}/security`, `${DOCS}`, 'https://example.com/', `${DOCS}-evil/x`, 'https://docs.example.org/other',
      'http://docs.example.org/porthole/x', 'https://user@docs.example.org/porthole/x', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(wc.openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(s.opened).toEqual([`${DOCS}/security`, DOCS]);
  });

  it('never navigates: a documentation link in the main frame opens in the browser instead', () => {
    s.opened.length = 0;
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate(`${DOCS}/a`)).toBe(true);
    expect(navigate(`${DOCS}/b`, false)).toBe(true);
    expect(navigate('app://porthole/index.html', false)).toBe(true);
    expect(s.opened).toEqual([`${DOCS}/a`]);
  });

  it('refuses redirects and <webview>', () => {
    for (const name of ['will-redirect', 'will-attach-webview']) {
      const event = { prevented: false, preventDefault() { this.prevented = true; } };
      wc.emit(name, event);
      expect(event.prevented, name).toBe(true);
    }
  });
});
