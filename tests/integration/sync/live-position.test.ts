import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/core/result.ts';
import { demoRoutePath } from '../../../src/config/load.ts';
import { loadRouteFile } from '../../../src/route/geojson.ts';
import type { Mosquitto } from '../../helpers/mosquitto.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { withApp, type App } from '../../helpers/with-app.ts';
import { mqttFor, startBroker, startReceiver } from './rig.ts';

const route = unwrap(loadRouteFile(demoRoutePath));

describe('live position: the assembled bus sends its GNSS position, paced, and the office keeps the latest (real mosquitto)', () => {
  const dir = tempDir();
  let broker: Mosquitto;
  let office: Awaited<ReturnType<typeof startReceiver>>;
  let bus: App;
  const officePosition = () => {
    const json = office.store.db.prepare('SELECT position FROM bus WHERE bus_id = ?').pluck().get('bus-a') as string | null | undefined;
    return json ? (JSON.parse(json) as { lat: number; lon: number; speed?: number; time: string }) : null;
  };

  beforeAll(async () => {
    broker = await startBroker(dir.path);
    office = await startReceiver(join(dir.path, 'office.db'), broker.url);
    bus = await withApp({ config: { busId: 'bus-a', mqtt: mqttFor(broker.url, 'bus-a') } });
    await waitFor(() => bus.core.uplink.status().link === 'online', 'the bus to connect');
  });

  afterAll(async () => {
    await bus?.close();
    await office?.receiver.stop();
    await office?.store.close();
    await broker?.stop();
    dir.cleanup();
  });

  it('reaches the office from the receiver feed, one per 5 s of receiver time while moving, never stored on the bus', async () => {
    const t0 = Date.now() - 30_000;
    // A 1 Hz drive along the loop for 11 s: positions at 0, 5 and 10 s go out, the rest are paced away.
    for (let s = 0; s <= 10; s++) {
      const p = route.line.pointAt(0.2 * route.length + s * 8);
      bus.gps.fix({ time: new Date(t0 + s * 1000).toISOString(), mode: 3, lat: p.lat, lon: p.lon, speed: 8, track: 90 });
    }
    const last = route.line.pointAt(0.2 * route.length + 80);
    const seen = await waitFor(() => {
      const position = officePosition();
      return position?.time === new Date(t0 + 10_000).toISOString() && position;
    }, 'the 10 s position at the office');
    expect(seen).toMatchObject({ speed: 8 });
    expect(seen.lat).toBeCloseTo(last.lat, 6);
    expect(seen.lon).toBeCloseTo(last.lon, 6);
    // The live position is QoS 0 and never an outbox row: the fixes added no events of their own kind.
    expect(bus.core.store.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'position'").pluck().get()).toBe(0);
  });

  it('sends at once when the bus stops, so the office does not show it driving on', async () => {
    const at = route.stops[0]!;
    bus.gps.fix({ time: new Date(Date.now() - 5_000).toISOString(), mode: 3, lat: at.lat, lon: at.lon, speed: 0 });
    await waitFor(() => officePosition()?.speed === 0, 'the standing position at the office');
  });
});
