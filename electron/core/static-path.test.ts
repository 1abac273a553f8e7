import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestPath, resolveStatic } from './static-path.ts';

const root = resolve('/srv/renderer');

describe('requestPath', () => {
  it.each([
    ['/', '/'], ['/?code=x', '/'], ['/assets/a.js', '/assets/a.js'], ['/assets/%61.js', '/assets/a.js'],
    ['/export/1?format=text', '/export/1'], ['/a%20b', '/a b'],
  ])('%s is %s', (target, path) => expect(requestPath(target)).toBe(path));

  it.each([
    '', 'index.html', '*', 'http://127.0.0.1/', '//', '//index.html', '/./a', '/a/./b', '/a/../b', '/..', '/.', '/a/', '/a//b',
    '/%2e%2e/a', '/%2E%2E%2Fa', '/a%2f..%2f..%2fb', '/%252e%252e/a', '/%25', '/%', '/%zz', '/%c0%ae', '/a%00', '/a%5cb', '/a\\b',
    '/a%0ab', '/a%7f', `/${'a'.repeat(3000)}`,
  ])('%j is refused', (target) => expect(requestPath(target)).toBeNull());
});

describe('resolveStatic (the Electron window\'s app:// files)', () => {
  it('maps a path to the file under the root, and nothing outside it', () => {
    expect(resolveStatic(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveStatic(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    for (const path of ['/../x', '/%2e%2e/x', '/assets/..%2f..%2fx', '/%252e%252e/x', '/a%00', '/a\\..\\..\\x']) {
      expect(resolveStatic(root, path), path).toBeNull();
    }
  });
});
