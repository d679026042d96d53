import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../../../src/config/schema.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { bootOnboard } from '../../../src/host/boot.ts';
import type { OnboardCore } from '../../../src/host/onboard.ts';
import { startOffice, type OfficeCore } from '../../../src/office/app.ts';
import { startMosquitto, type Mosquitto } from '../../helpers/mosquitto.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { demoRoutePath } from '../../../src/config/load.ts';

/**
 * The spine, end to end with real parts: simulated receiver → NMEA framer and decoder → quality
 * gate → tracker → trip event + outbox row in one SQLite transaction → MQTT 5 via mosquitto →
 * office receiver → office database → end-to-end ack → the bus forgets the row.
 */
describe('spine: a simulated fix becomes an event in the office database', () => {
  const dir = tempDir('lianxin-spine-');
  let broker: Mosquitto;
  let office: OfficeCore;
  let bus: OnboardCore;

  beforeAll(async () => {
    broker = await startMosquitto({ dir: join(dir.path, 'broker') });
    const config: Config = {
      ...configSchema.parse({
        busId: 'spine-bus',
        dataDir: join(dir.path, 'bus'),
        gps: { source: 'simulator', speed: 50, noiseMetres: 3 },
        mqtt: { url: broker.url },
        audio: { output: 'simulator' },
        office: { dataDir: join(dir.path, 'office') },
      }),
      route: demoRoutePath,
    };
    const started = await startOffice(config, systemClock);
    if (!started.ok) throw new Error(started.error.message);
    office = started.value;
    const booted = await bootOnboard(config, systemClock);
    if (!booted.ok) throw new Error(booted.error.message);
    bus = booted.value;
  });

  afterAll(async () => {
    await bus?.stop();
    await office?.stop();
    await broker?.stop();
    dir.cleanup();
  });

  it('carries the first stop arrival to the office exactly once, then the bus forgets it', async () => {
    const arrived = await waitFor(
      async () => (await office.store.ledger.events({ busId: 'spine-bus', kind: 'trip' })).find((e) => (e.payload as { type: string }).type === 'arrived'),
      'an arrival in the office database',
      30_000,
    );
    const payload = arrived.payload as { stopId: string; lap: number; time: string };
    expect(payload.stopId).toBe('hongfu-jiayuan');
    expect(payload.lap).toBe(1);
    // The bus kept the same event locally, stamped with GNSS time.
    const local = bus.store.recentTripEvents(50).find((e) => e.type === 'arrived');
    expect(local?.time).toBe(payload.time);

    const received = await office.store.ledger.events({ busId: 'spine-bus' });
    const seqs = received.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // End-to-end ack: rows the office committed leave the bus outbox.
    await waitFor(() => bus.store.outbox.stats().backlog === 0 || undefined, 'the bus outbox to drain after the office ack', 15_000);
    const [ledgerBus] = await office.store.ledger.buses();
    expect(ledgerBus?.committedSeq).toBeGreaterThanOrEqual(arrived.seq);
  });
});
