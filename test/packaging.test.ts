/**
 * The installers cannot be built here (electron-builder downloads Electron), so
 * this checks what can be: the configuration is valid for electron-builder, its
 * security fuses are set, and after `npm run build` every file pattern it ships
 * matches real files, the app's entry points exist, and the shipped `porthole`
 * command runs from the shipped files and the production dependencies alone.
 * `npm test` runs the build before this.
 */
import { spawnSync } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

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

/** The project files electron-builder.yml's `files` patterns ship. */
function shippedFiles(): string[] {
  const patterns = (config.files as string[]).map((p) => ({ negated: p.startsWith('!'), m: new Minimatch(p.replace(/^!/, ''), { dot: true }) }));
  return projectFiles().filter((f) => patterns.reduce((inc, p) => (p.m.match(f) ? !p.negated : inc), false));
}

/** Packages a shipped script imports by name (not Node built-ins), per file. */
function bareImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const names = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([\w@][\w@/.:-]*)["']/g)].map((m) => m[1]);
  return names
    .filter((n) => !n.startsWith('node:') && !builtinModules.includes(n.split('/')[0]))
    .map((n) => (n.startsWith('@') ? n.split('/').slice(0, 2).join('/') : n.split('/')[0]));
}

/** Relative module paths a shipped script loads (static and dynamic imports, worker URLs). */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|new URL\(\s*)["'](\.\.?\/[^"']+\.[cm]?js)["']/g)].map((m) => posix.join(posix.dirname(file), m[1]));
}

/** A production dependency and everything it depends on, as installed. */
function productionPackages(names: string[], seen = new Set<string>()): Set<string> {
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const meta = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    productionPackages(Object.keys(meta.dependencies ?? {}), seen);
  }
  return seen;
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
      const shipped = shippedFiles();
      for (const p of (config.files as string[]).filter((x) => !x.startsWith('!'))) {
        const m = new Minimatch(p, { dot: true });
        expect(files.some((f) => m.match(f)), `no file matches ${p}`).toBe(true);
      }
      const entries = [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html', pkg.bin.porthole, 'out/cli/main.js'];
      // Started by file name beside the module that starts it (electron/core/search-worker.ts).
      entries.push('out/main/search-worker-main.js', 'out/cli/search-worker-main.js');
      for (const entry of entries) {
        expect(shipped, `${entry} is not shipped`).toContain(entry);
      }
      // The command ships built: no TypeScript (and so no compiler) in the app.
      expect(shipped.filter((f) => /\.[cm]?tsx?$/.test(f))).toEqual([]);
      // The interface's scripts and styles that index.html loads are shipped too.
      const html = readFileSync(join(root, 'out/renderer/index.html'), 'utf8');
      for (const [, ref] of html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) expect(shipped).toContain(`out/renderer/${ref}`);
    });

    it.runIf(built)('every module a shipped script loads by path is shipped', () => {
      const shipped = shippedFiles();
      const scripts = shipped.filter((f) => /^(out\/(main|preload|cli)\/.*|bin\/.*)\.[cm]?js$/.test(f));
      expect(scripts.filter((f) => f.startsWith('out/cli/')).length).toBeGreaterThan(1);
      for (const file of scripts) {
        for (const target of relativeImports(file)) expect(shipped, `${file} loads ${target}`).toContain(target);
      }
    });

    it.runIf(built)('the runtime dependencies are exactly the packages the shipped scripts import', () => {
      const shipped = shippedFiles();
      const imported = new Set(shipped.filter((f) => f.startsWith('out/') && /\.[cm]?js$/.test(f)).flatMap(bareImports));
      imported.delete('electron'); // provided by the Electron runtime itself
      // tsx runs the sources in a checkout only: bin/porthole.js when the bundle is missing or
      // older than its sources, the search worker's starter when its built file is missing.
      // The next test runs the shipped command where tsx is not installed.
      imported.delete('tsx');
      expect(bareImports(pkg.bin.porthole).filter((n) => n !== 'tsx' && !(n in pkg.dependencies))).toEqual([]);
      expect([...imported].sort()).toEqual(Object.keys(pkg.dependencies).sort());
      // Bundled into the interface or used only to build and test.
      for (const dev of ['react', 'react-dom', 'tsx']) expect(pkg.devDependencies).toHaveProperty(dev);
      expect(pkg.devDependencies.electron).toBe('45.4.1');
    });

    it.runIf(built)('the shipped command runs from the shipped files and the production dependencies alone', () => {
      const dir = mkdtempSync(join(tmpdir(), 'porthole-shipped-'));
      try {
        for (const f of shippedFiles()) cpSync(join(root, f), join(dir, f));
        for (const name of productionPackages(Object.keys(pkg.dependencies))) {
          mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
          symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'junction');
        }
        // No tsx and no TypeScript there: each command's --help loads its whole built module graph.
        const bin = join(dir, pkg.bin.porthole);
        for (const args of [['--help'], ['--version'], ['listen', '--help'], ['serve', '--help'], ['run', '--help']]) {
          const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 15_000 });
          expect(r.stderr, `porthole ${args.join(' ')}`).toBe('');
          expect(r.status, `porthole ${args.join(' ')}`).toBe(0);
          expect(r.stdout).toMatch(args[0] === '--version' ? /^porthole \d+\.\d+\.\d+\n$/ : /usage:\s+porthole/);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
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
