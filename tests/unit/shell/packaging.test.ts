import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');

// Packaging needs the Electron download, so CI checks the configuration and the bundles instead.
describe('Electron packaging', () => {
  const builder = yaml.load(read('electron-builder.yml')) as {
    appId: string;
    files: string[];
    asarUnpack: string[];
    linux: { target: { target: string; arch: string[] }[] };
  };
  const pkg = JSON.parse(read('package.json')) as { main: string; scripts: Record<string, string> };

  it('builds AppImage and deb for x64 and arm64', () => {
    const targets = Object.fromEntries(builder.linux.target.map((t) => [t.target, [...t.arch].sort()]));
    expect(targets).toEqual({ AppImage: ['arm64', 'x64'], deb: ['arm64', 'x64'] });
    expect(builder.appId).toMatch(/^[a-z0-9.]+$/);
  });

  it('ships the bundles and unpacks native modules, rebuilt for Electron', () => {
    expect(builder.files).toEqual(expect.arrayContaining(['dist/main/**', 'dist/renderer/**', 'assets/**']));
    expect(builder.asarUnpack).toContain('**/*.node');
    expect(pkg.scripts.dist).toContain('electron-builder install-app-deps');
  });

  it('runs the bundles: the bin, npm start and the demo; only `npm run cli` uses tsx', () => {
    const bin = read('bin/lianxin.mjs');
    expect(bin).toContain("'../dist/cli.mjs'");
    expect(bin).not.toMatch(/from 'tsx|import\('tsx/);
    expect(pkg.main).toBe('dist/main/main.mjs');
    expect(pkg.scripts.start).toMatch(/npm run -s build && electron \.$/);
    expect(pkg.scripts.demo).toMatch(/npm run -s build && node dist\/cli\.mjs demo$/);
    expect(pkg.scripts.build).toContain('node scripts/build.mjs');
    expect(Object.entries(pkg.scripts).filter(([, script]) => /\btsx\b/.test(script)).map(([name]) => name).sort()).toEqual(['bench', 'cli']);
  });

  it('bundles main and the sandboxed preload where package.json points', () => {
    execFileSync('npm', ['run', '-s', 'build:main'], { cwd: root, stdio: 'pipe' });
    expect(existsSync(`${root}/${pkg.main}`)).toBe(true);
    const preload = read('dist/main/preload.cjs');
    // A sandboxed preload cannot load modules: everything but electron must be bundled in.
    expect(preload.match(/require\(["']([^"']+)["']\)/g) ?? []).toEqual(['require("electron")']);
    expect(preload).toContain('exposeInMainWorld');
  });
});
