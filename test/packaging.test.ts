/**
 * The installers cannot be built here (electron-builder downloads Electron), so
 * this checks what can be: the configuration is valid for electron-builder, its
 * security fuses are set, and after `npm run build` every file pattern it ships
 * matches real files and the app's entry point exists. `npm test` runs the build
 * before this.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };

// electron-builder's own validator and glob matcher (minimatch, with dot files), taken
// from its dependency tree so the test reads the patterns exactly as the packager does.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const appBuilderRequire = createRequire(builderRequire.resolve('app-builder-lib'));
const { validateConfiguration } = appBuilderRequire('./util/config/config.js') as {
  validateConfiguration(c: Configuration, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const { Minimatch } = appBuilderRequire('minimatch') as typeof import('minimatch');

function projectFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['node_modules', '.git', 'dist'].includes(e.name)) return [];
    const full = join(dir, e.name);
    return e.isDirectory() ? projectFiles(full) : [relative(root, full).split('\\').join('/')];
  });
}

describe('electron-builder.yml', () => {
  it('is a valid electron-builder configuration', async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
  });

  it('names the app and targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', () => {
    expect(config.appId).toBe('dev.porthole.app');
    expect(config.productName).toBe('Porthole');
    const targets = (c: { target?: unknown } | null | undefined) => (c?.target as string[] | undefined) ?? [];
    expect(targets(config.linux)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targets(config.mac)).toContain('dmg');
    expect(targets(config.win)).toContain('nsis');
  });

  it('flips the Electron fuses: no Node.js modes, no inspector, only the checked app archive', () => {
    expect(config.asar ?? true).toBe(true);
    const fuses = config.electronFuses as Record<string, boolean> | null | undefined;
    expect(fuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // That each is a fuse this electron-builder knows is the validity test's: its schema refuses other names.
  });

  it('has a square icon of at least 512×512', () => {
    const png = readFileSync(join(root, config.icon as string));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  describe('after `npm run build`', () => {
    const built = existsSync(join(root, 'out'));
    it('the build output exists (run `npm run build` first)', () => {
      expect(built, 'out/ is missing: `npm test` builds before this test; alone, run `npm run build`').toBe(true);
    });

    it.runIf(built)('every file pattern it ships matches files, and the main entry is shipped', () => {
      const files = projectFiles();
      const patterns = (config.files as string[]).map((p) => ({ negated: p.startsWith('!'), m: new Minimatch(p.replace(/^!/, ''), { dot: true }) }));
      const shipped = files.filter((f) => patterns.reduce((inc, p) => (p.m.match(f) ? !p.negated : inc), false));
      for (const p of patterns.filter((x) => !x.negated)) {
        expect(files.some((f) => p.m.match(f)), `no file matches ${p.m.pattern}`).toBe(true);
      }
      for (const entry of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html', 'bin/porthole.js', 'electron/cli/main.ts']) {
        expect(shipped, `${entry} is not shipped`).toContain(entry);
      }
      expect(shipped.some((f) => f.endsWith('.test.ts'))).toBe(false);
      // The interface's scripts and styles that index.html loads are shipped too.
      const html = readFileSync(join(root, 'out/renderer/index.html'), 'utf8');
      for (const [, ref] of html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) expect(shipped).toContain(`out/renderer/${ref}`);
    });

    it('ships the extra resources it names', () => {
      for (const r of (config.extraResources ?? []) as { from: string; filter?: string[] }[]) {
        const files = projectFiles(join(root, r.from));
        expect(files.length, `nothing in ${r.from}`).toBeGreaterThan(0);
        const filters = (r.filter ?? ['**/*']).map((f) => new Minimatch(f, { dot: true }));
        expect(files.some((f) => filters.some((m) => m.match(relative(r.from, f)))), `no file of ${r.from} passes its filter`).toBe(true);
      }
    });
  });
});
