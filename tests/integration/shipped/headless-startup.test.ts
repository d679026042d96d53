/**
 * The headless install as it ships: dist/cli.mjs (and its chunks) with the screens, assets and
 * package.json copied to a folder of their own, `node dist/cli.mjs run` started from there.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copiedCli, type ShippedApp } from '../../helpers/packaged-app.ts';
import { waitFor } from '../../helpers/temp.ts';

let app: ShippedApp;
beforeAll(() => {
  app = copiedCli();
}, 120_000);
afterAll(() => app?.cleanup());

describe('the headless bundle', () => {
  it('serves the screens, and the shipped handbook and catalogue, from a copied folder', async () => {
    const config = join(app.dir, 'bus.json');
    writeFileSync(config, JSON.stringify({ busId: 'hf-headless', dataDir: join(app.dir, 'data'), audio: { output: 'simulator' }, http: { host: '127.0.0.1', port: 0 } }));
    const child = spawn(process.execPath, [join(app.appDir, 'dist/cli.mjs'), 'run', '--config', config], { cwd: app.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`lianxin run exited ${child.exitCode}: ${out}`);
          return /onboard: screens (http:\/\/\S+)\/resident\//.exec(out)?.[1];
        },
        'the screens address',
        30_000,
      );
      expect(out).toContain(join(app.appDir, 'assets/routes/hongfu-loop.geojson'));
      const page = await fetch(`${url}/resident/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('乘客服务屏');
      const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => new URL(m[1]!, `${url}/resident/`).href);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const res = await fetch(script);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/javascript/);
      }
      for (const method of ['handbookList', 'deskCatalogue']) {
        const res = await fetch(`${url}/api/resident/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' } });
        expect(res.status).toBe(200);
        expect(JSON.stringify(await res.json())).toMatch(/[\u4e00-\u9fff]/);
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
