import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { appVersion } from './app-version.ts';

it('the version run from the sources is package.json\'s', () => {
  expect(appVersion()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  expect(appVersion()).toMatch(/^\d+\.\d+\.\d+/);
});
