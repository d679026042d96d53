/**
 * The kiosk as it ships, started without Electron: dist/main/main.mjs built as `npm run dist`
 * builds it, only the files electron-builder.yml packs, under resources/app.asar, run in Node with
 * the recording `electron` stand-in (tests/helpers/electron-stand-in/).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagedKiosk, repoRoot, type ShippedApp } from '../../helpers/packaged-app.ts';
import { waitFor } from '../../helpers/temp.ts';

interface Call {
  call: string;
  [key: string]: unknown;
}

const register = join(repoRoot, 'tests/helpers/electron-stand-in/register.mjs');
let app: ShippedApp;

beforeAll(() => {
  app = packagedKiosk();
}, 120_000);
afterAll(() => app?.cleanup());

/** Starts the packaged main bundle; `calls()` reads what it asked of Electron so far. */
function startKiosk(name: string, config: object) {
  const configPath = join(app.dir, `${name}.json`);
  writeFileSync(configPath, JSON.stringify(config));
  const log = join(app.dir, `${name}.calls.jsonl`);
  writeFileSync(log, '');
  const child = spawn(process.execPath, ['--import', register, join(app.appDir, 'dist/main/main.mjs'), '--config', configPath], {
    cwd: app.dir,
    env: { ...process.env, LIANXIN_STAND_IN_LOG: log, LIANXIN_STAND_IN_RESOURCES: join(app.dir, 'resources') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const calls = (): Call[] =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Call);
  return { child, exited, calls, output: () => output };
}

describe('the packaged kiosk starts', () => {
  it('packs the main bundle, the preload, the screens, the assets and package.json only', () => {
    expect(app.files).toEqual(expect.arrayContaining(['dist/main/main.mjs', 'dist/main/preload.cjs', 'dist/renderer/resident/index.html', 'assets/moderation/profanity.txt', 'assets/routes/hongfu-loop.geojson', 'package.json']));
    expect(app.files.filter((f) => !/^(dist\/main|dist\/renderer|assets)\/|^package\.json$/.test(f))).toEqual([]);
    expect(app.files.some((f) => f.endsWith('.map'))).toBe(false);
  });

  it('boots the core and opens both screens sandboxed, served from the packaged renderer', async () => {
    const dataDir = join(app.dir, 'data');
    const kiosk = startKiosk('good', { busId: 'hf-kiosk', dataDir, audio: { output: 'simulator' }, http: { port: 0 } });
    try {
      const loaded = await waitFor(
        () => {
          if (kiosk.child.exitCode !== null) throw new Error(`kiosk exited ${kiosk.child.exitCode}: ${kiosk.output()}`);
          const calls = kiosk.calls();
          return calls.filter((c) => c.call === 'page-loaded').length >= 2 && calls;
        },
        'both windows to load their pages',
        60_000,
      );
      const names = loaded.map((c) => c.call);
      expect(names[0]).toBe('app.requestSingleInstanceLock');
      expect(loaded).toContainEqual({ call: 'protocol.registerSchemesAsPrivileged', schemes: [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }] });
      expect(names.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(names.indexOf('app.whenReady'));

      // Config loaded and core booted: the bus database is where the config put it, the API is on IPC.
      expect(existsSync(join(dataDir, 'bus.db'))).toBe(true);
      expect(loaded).toContainEqual({ call: 'ipcMain.handle', channel: 'lianxin:invoke' });
      expect(loaded).toContainEqual({ call: 'session.setPermissionRequestHandler', askedFor: 'media', allowed: false });
      expect(loaded).toContainEqual({ call: 'session.setPermissionCheckHandler', allowed: false });
      expect(names).not.toContain('dialog.showErrorBox');

      const windows = loaded.filter((c) => c.call === 'BrowserWindow').map((c) => c.options as { kiosk?: boolean; x: number; webPreferences: Record<string, unknown> });
      expect(windows).toHaveLength(2);
      for (const { webPreferences } of windows) {
        expect(webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
        expect(webPreferences.preload).toBe(join(app.appDir, 'dist/main/preload.cjs'));
        expect(existsSync(webPreferences.preload as string)).toBe(true);
      }
      expect(windows[0]).toMatchObject({ kiosk: true, x: 0 });
      expect(windows[1]).toMatchObject({ x: 1920 });
      expect(loaded.filter((c) => c.call === 'BrowserWindow.loadURL').map((c) => c.url)).toEqual(['app://resident/resident/index.html', 'app://driver/driver/index.html']);

      // The app:// scheme serves the resident page and every script and stylesheet it names, with the CSP.
      const served = loaded.filter((c) => c.call === 'app-scheme' && String(c.url).startsWith('app://resident/'));
      expect(served[0]).toMatchObject({ url: 'app://resident/resident/index.html', status: 200, type: 'text/html' });
      const scripts = served.filter((c) => String(c.url).endsWith('.js'));
      expect(scripts.length).toBeGreaterThan(0);
      for (const entry of served) {
        expect(entry).toMatchObject({ status: 200 });
        expect(entry.bytes).toBeGreaterThan(0);
        expect(entry.csp).toContain("script-src 'self'");
      }
      expect(scripts.every((c) => c.type === 'text/javascript')).toBe(true);

      // Quit: the core stops cleanly and the kiosk exits 0.
      kiosk.child.kill('SIGTERM');
      expect(await kiosk.exited).toBe(0);
      expect(kiosk.calls()).toContainEqual({ call: 'ipcMain.removeHandler', channel: 'lianxin:invoke' });
    } finally {
      kiosk.child.kill('SIGKILL');
    }
  }, 90_000);

  it('refuses to start on a broken config, with the dialog naming the key', async () => {
    const kiosk = startKiosk('broken', { busId: 'hf-kiosk', dataDir: join(app.dir, 'data-broken'), http: { port: 'eighty' } });
    expect(await kiosk.exited).toBe(1);
    const calls = kiosk.calls();
    const dialog = calls.find((c) => c.call === 'dialog.showErrorBox');
    expect(dialog).toMatchObject({ title: '红芙连心线: configuration error' });
    expect(String(dialog!.message)).toContain('http.port');
    expect(calls.map((c) => c.call)).not.toContain('BrowserWindow');
    expect(calls.map((c) => c.call)).not.toContain('ipcMain.handle');
    expect(calls).toContainEqual({ call: 'app.exit', code: 1 });
  }, 60_000);
});
