import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SECRET_PATTERN } from './access.ts';
import { loadPersistentSecret } from './browser-secret.ts';

const root = mkdtempSync(join(tmpdir(), 'porthole-secret-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dir = () => join(root, String(++n));

describe.skipIf(process.platform === 'win32')('the persistent browser secret', () => {
  it('is created mode 0600 whatever the umask, and read back on the next start', () => {
    const d = dir();
    const old = process.umask(0o000);
    let first;
    try {
      first = loadPersistentSecret(d);
    } finally {
      process.umask(old);
    }
    expect(first.warning).toBeUndefined();
    expect(first.secret).toMatch(SECRET_PATTERN);
    const file = join(d, 'browser-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(d).mode & 0o077).toBe(0);
    expect(loadPersistentSecret(d)).toEqual({ secret: first.secret });
  });

  it('is not used when others may read it, and the warning says how to fix it', () => {
    const d = dir();
    const { secret } = loadPersistentSecret(d);
    const file = join(d, 'browser-secret');
    chmodSync(file, 0o640);
    const r = loadPersistentSecret(d);
    expect(r.secret).not.toBe(secret);
    expect(r.warning).toContain('mode 640');
    expect(r.warning).toContain(`chmod 600 ${file}`);
    // The file is left as it was for the person to fix.
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
  });

  it('is not followed through a symbolic link', () => {
    const d = dir();
    loadPersistentSecret(d);
    const other = join(d, 'elsewhere');
    writeFileSync(other, `${'A'.repeat(43)}\n`, { mode: 0o600 });
    rmSync(join(d, 'browser-secret'));
    symlinkSync(other, join(d, 'browser-secret'));
    const r = loadPersistentSecret(d);
    expect(r.warning).toContain('symbolic link');
    expect(r.secret).not.toBe('A'.repeat(43));
  });

  it('replaces a file that holds no secret', () => {
    const d = dir();
    loadPersistentSecret(d);
    const file = join(d, 'browser-secret');
    writeFileSync(file, 'garbage');
    const r = loadPersistentSecret(d);
    expect(r.warning).toBeUndefined();
    expect(readFileSync(file, 'utf8').trim()).toBe(r.secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('falls back to a secret for this run when the data directory cannot be written', () => {
    const file = join(root, 'not-a-dir');
    writeFileSync(file, '');
    const r = loadPersistentSecret(join(file, 'data'));
    expect(r.secret).toMatch(SECRET_PATTERN);
    expect(r.warning).toMatch(/could not keep the browser secret/);
  });
});
