import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launcherHtml, writeLauncher } from './open-launcher.ts';

describe('the --open launcher file', () => {
  it('is private, redirects to the address, and goes away', async () => {
    const url = 'http://127.0.0.1:1234/?code=abc-DEF_123';
    const l = writeLauncher(url, 200);
    try {
      expect(fileURLToPath(l.href)).toBe(l.file);
      expect(l.href).not.toContain('code');
      if (process.platform !== 'win32') {
        expect(statSync(l.file).mode & 0o777).toBe(0o600);
        expect(statSync(dirname(l.file)).mode & 0o777).toBe(0o700);
      }
      const html = readFileSync(l.file, 'utf8');
      expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${url}">`);
      expect(html).toContain(`location.replace("${url}")`);
      await new Promise((r) => setTimeout(r, 400));
      expect(existsSync(l.file)).toBe(false);
      expect(existsSync(dirname(l.file))).toBe(false);
    } finally {
      l.remove();
    }
  });

  it('escapes what it embeds', () => {
    const html = launcherHtml('http://x/?a="><script>alert(1)</script>&b=</script>');
    expect(html).not.toContain('"><script>alert');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });
});
