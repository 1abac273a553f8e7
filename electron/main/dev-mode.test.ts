import { describe, expect, it } from 'vitest';
import { appEnv, NOT_FOR_THE_APP } from '../../scripts/electron-binary.js';
import { DEV_BUILD, developmentMode } from './dev-mode.ts';

const DEV_URL = 'http://localhost:5173';

describe('developmentMode', () => {
  it.each([
    // Not development: no explicit flag, whatever else is there.
    { isPackaged: false, devBuild: false, env: {}, development: false, rendererUrl: null },
    { isPackaged: false, devBuild: false, env: { ELECTRON_RENDERER_URL: DEV_URL }, development: false, rendererUrl: null },
    { isPackaged: false, devBuild: false, env: { PORTHOLE_DEV: 'yes', ELECTRON_RENDERER_URL: DEV_URL }, development: false, rendererUrl: null },
    { isPackaged: true, devBuild: false, env: { PORTHOLE_DEV: '1', ELECTRON_RENDERER_URL: DEV_URL }, development: false, rendererUrl: null },
    { isPackaged: true, devBuild: true, env: { ELECTRON_RENDERER_URL: DEV_URL }, development: false, rendererUrl: null },
    // Development: the flag, or a bundle built by `electron-vite dev`, in an unpackaged app.
    { isPackaged: false, devBuild: false, env: { PORTHOLE_DEV: '1' }, development: true, rendererUrl: null },
    { isPackaged: false, devBuild: false, env: { PORTHOLE_DEV: '1', ELECTRON_RENDERER_URL: DEV_URL }, development: true, rendererUrl: `${DEV_URL}/` },
    { isPackaged: false, devBuild: true, env: { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/x' }, development: true, rendererUrl: 'http://127.0.0.1:5173/x' },
    // Even then, the page must come from a dev server on this machine.
    { isPackaged: false, devBuild: true, env: { ELECTRON_RENDERER_URL: 'https://example.com/' }, development: true, rendererUrl: null },
    { isPackaged: false, devBuild: true, env: { ELECTRON_RENDERER_URL: 'file:///etc/passwd' }, development: true, rendererUrl: null },
    { isPackaged: false, devBuild: true, env: { ELECTRON_RENDERER_URL: 'http://localhost.example.com:5173/' }, development: true, rendererUrl: null },
  ])('$env (packaged: $isPackaged, dev build: $devBuild) → $development, $rendererUrl', ({ development, rendererUrl, ...inputs }) => {
    expect(developmentMode(inputs)).toEqual({ development, rendererUrl });
  });

  it('is not a dev build outside `electron-vite dev`', () => {
    expect(DEV_BUILD).toBe(false);
  });
});

describe('npm start', () => {
  it('launches Electron without anything that would make it a development run', () => {
    const env = appEnv({ PATH: '/bin', PORTHOLE_DEV: '1', ELECTRON_RENDERER_URL: DEV_URL, NODE_ENV_ELECTRON_VITE: 'development', ELECTRON_RUN_AS_NODE: '1' });
    expect(env).toEqual({ PATH: '/bin' });
    expect(developmentMode({ isPackaged: false, devBuild: false, env }).development).toBe(false);
    expect(NOT_FOR_THE_APP).toContain('PORTHOLE_DEV');
  });
});
