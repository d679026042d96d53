import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoutePath } from '../../src/config/load.ts';
import { unwrap } from '../../src/core/result.ts';
import { loadRouteFile } from '../../src/route/geojson.ts';
import { axeViolations, launchChromium, seriousViolations } from '../helpers/browser.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { signIn, staff, startOfficeProcess, type OfficeProcess } from '../helpers/office.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';
import { startTileServer, type TileServer } from '../helpers/tile-server.ts';
import { withApp, type App } from '../helpers/with-app.ts';

const shots = fileURLToPath(new URL('../artifacts/office/', import.meta.url));
const route = unwrap(loadRouteFile(demoRoutePath));
const stop = route.stops[0]!;

describe('office map: the assembled bus\'s live positions over mosquitto onto a Leaflet map with a GCJ-02 basemap served on loopback', () => {
  const dir = tempDir('lianxin-office-map-');
  let broker: Mosquitto;
  let tiles: TileServer;
  let office: OfficeProcess;
  let bus: App;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  /** A GNSS fix into the bus's receiver, 5 s of receiver time after the last: the bus paces what it sends. */
  let fixTime = Date.now() - 60_000;
  const sendFix = async (lon: number, lat: number, speed: number) => {
    fixTime += 5000;
    bus.gps.fix({ time: new Date(fixTime).toISOString(), mode: 3, lat, lon, speed });
  };
  const legend = () => page.getByTestId('map-bus-bus-07').textContent();
  const markerCentre = async () => {
    const box = await page.locator('path.bus-bus-07').boundingBox();
    return box ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null;
  };
  const check = async (name: string) => {
    await page.screenshot({ path: `${shots}${name}.png` });
    expect(seriousViolations(await axeViolations(page)), name).toEqual([]);
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    broker = await startMosquitto({ dir: `${dir.path}/broker` });
    tiles = await startTileServer();
    office = await startOfficeProcess(dir.path, broker.url, { map: { tiles: tiles.template, datum: 'gcj02', attribution: '测试底图 © 本机', maxZoom: 18 } });
    bus = await withApp({ config: { busId: 'bus-07', mqtt: { url: broker.url, protocolVersion: 5 } } });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, office.url, staff.clerk);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await bus?.close();
    await office?.stop();
    await tiles?.close();
    await broker?.stop();
    dir.cleanup();
  });

  it('draws the route with its named stops over tiles fetched through the office', async () => {
    await page.goto(`${office.url}/office/#fleet`);
    await waitFor(async () => (await page.getByTestId('status-bus-07').textContent())?.includes('在线'), 'bus-07 online', 15_000);
    for (const s of route.stops) await expect.poll(() => page.locator('.leaflet-tooltip.map-stop').allTextContents()).toContain(s.name.zh);
    await expect.poll(() => page.locator('.leaflet-tile-loaded').count()).toBeGreaterThan(0);
    expect(tiles.requests.length).toBeGreaterThan(0);
    // The page asked the office, never the tile source itself.
    expect(await page.locator('.leaflet-tile').first().getAttribute('src')).toMatch(/^\/tiles\/\d+\/\d+\/\d+$/);
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('测试底图');
  });

  it('moves the bus on the map within seconds of each live fix and draws its track', async () => {
    const fixes = [0.3, 0.32, 0.34].map((f) => route.line.pointAt(f * route.length));
    await sendFix(fixes[0]!.lon, fixes[0]!.lat, 8);
    await waitFor(async () => (await legend())?.includes('行驶中'), 'the bus shown moving', 10_000);
    const first = await markerCentre();
    for (const fix of fixes.slice(1)) await sendFix(fix.lon, fix.lat, 8);
    await waitFor(async () => (await legend())?.includes('今日轨迹 3 点'), 'three fixes on the track', 10_000);
    const last = await markerCentre();
    expect(first).not.toBeNull();
    expect(Math.hypot(last!.x - first!.x, last!.y - first!.y)).toBeGreaterThan(5);
    expect(await page.locator('path.track-bus-07').count()).toBe(1);
    await check('fleet-map-1440');
  });

  it('shows the bus at a stop on the stop itself (both shifted onto the GCJ-02 basemap alike)', async () => {
    await sendFix(stop.lon, stop.lat, 0);
    await waitFor(async () => (await legend())?.includes(`停靠 ${stop.name.zh}`), 'the bus at the first stop', 10_000);
    const bus = await markerCentre();
    const place = await page.locator(`path.place-${stop.id}`).boundingBox();
    expect(Math.hypot(bus!.x - (place!.x + place!.width / 2), bus!.y - (place!.y + place!.height / 2))).toBeLessThan(3);
  });

  it('says when the bus leaves its route, and when it goes offline with its last contact', async () => {
    const p = route.line.pointAt(0.5 * route.length);
    await sendFix(p.lon + 0.004, p.lat + 0.004, 6); // ≈ 500 m off the line
    await waitFor(async () => (await legend())?.includes('偏离线路'), 'the bus shown off route', 10_000);
    await page.goto(`${office.url}/office/#map`);
    await page.locator('.bus-map.tall').waitFor();
    await check('map-1440');
    await page.setViewportSize({ width: 1280, height: 800 });
    await check('map-1280');
    await page.goto(`${office.url}/office/#fleet`);
    await page.locator('.bus-map').waitFor();
    await check('fleet-map-1280');
    await bus.core.uplink.stop();
    await waitFor(async () => (await legend())?.includes('离线，最后联系'), 'the bus shown offline', 10_000);
    expect(await page.getByTestId('state-bus-07').textContent()).toContain('离线');
    expect(errors).toEqual([]);
  });
});
