import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicFile } from './static-files.ts';

const root = resolve('/srv/renderer');

describe('publicFile', () => {
  it('serves only built assets and a favicon', () => {
    expect(publicFile(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(publicFile(root, '/favicon.ico')).toBe(join(root, 'favicon.ico'));
    for (const path of ['/', '/index.html', '/assets', '/assets/.env', '/assets/a/b.js', '/secret.txt', '/assets/a b.js']) {
      expect(publicFile(root, path), path).toBeNull();
    }
  });
});
