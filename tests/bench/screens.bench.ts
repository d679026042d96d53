/**
 * The resident screen's weight and start-up: gzip size of the JavaScript its page loads (budget
 * 350 KB), and the time from navigation to an interactive home view in Chromium. Peer in the same
 * run: an empty page from the same kind of host, cold each time.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Emitter } from '../../src/core/emitter.ts';
import { startHttpHost } from '../../src/host/http-server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { builtScreens, withApp } from '../helpers/with-app.ts';

const budgetKiB = 350;
const runs = 7;
const screens = ['resident', 'driver', 'staff'] as const;

/** Every script a page loads at start: its entry module, the modules it preloads, and their static imports. */
function scriptsOf(screen: string): string[] {
  const page = join(builtScreens, screen, 'index.html');
  const html = readFileSync(page, 'utf8');
  const queue = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => resolve(dirname(page), m[1]!));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) queue.push(resolve(dirname(file), m[1]!));
  }
  return [...seen];
}

const gzipKiB = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0) / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  console.log('built JavaScript per screen (gzip):');
  for (const screen of screens) {
    const files = scriptsOf(screen);
    const raw = files.reduce((sum, f) => sum + readFileSync(f).length, 0) / 1024;
    console.log(`  ${screen.padEnd(9)} ${gzipKiB(files).toFixed(1).padStart(6)} KiB gzip (${raw.toFixed(1)} KiB raw, ${files.length} files)`);
  }
  const resident = gzipKiB(scriptsOf('resident'));
  if (resident > budgetKiB) throw new Error(`resident screen JS is ${resident.toFixed(1)} KiB gzip, over the ${budgetKiB} KiB budget`);
  console.log(`  resident within budget: ${resident.toFixed(1)} / ${budgetKiB} KiB (${((resident / budgetKiB) * 100).toFixed(0)}%)`);

  const app = await withApp();
  const empty = tempDir('lianxin-bench-empty-');
  mkdirSync(join(empty.path, 'empty'));
  writeFileSync(join(empty.path, 'empty', 'index.html'), '<!doctype html><html lang="en"><title>empty</title><p id="ready">ready</p></html>');
  const emptyHost = await startHttpHost({ surfaces: {}, live: new Emitter<unknown>(), host: '127.0.0.1', port: 0, staticDir: empty.path, home: '/empty/' });
  const browser = await launchChromium();
  try {
    const timings = { empty: [] as number[], resident: [] as number[] };
    for (let i = 0; i < runs; i++) {
      for (const [name, url, ready] of [
        ['empty', `${emptyHost.url}/empty/`, '#ready'],
        ['resident', `${app.url}/resident/`, '.loop .place.stop >> nth=2'],
      ] as const) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(url, { waitUntil: 'commit' });
        // Interactive home: the service buttons are there and the loop is drawn from the API's route.
        await page.locator(ready).waitFor();
        if (name === 'resident') await page.locator('.service-take:enabled').waitFor();
        timings[name].push(performance.now() - started);
        await context.close();
      }
    }
    const base = median(timings.empty);
    console.log(`page load to interactive view in Chromium, median of ${runs} cold loads:`);
    console.log(`  empty page            ${base.toFixed(0).padStart(5)} ms`);
    const ms = median(timings.resident);
    console.log(`  resident home view    ${ms.toFixed(0).padStart(5)} ms  (${(ms / base).toFixed(1)}× the empty page)`);
  } finally {
    await browser.close();
    await emptyHost.close();
    empty.cleanup();
    await app.close();
  }
}
