import { describe, expect, it } from 'vitest';
import { createGpsSource } from '../../../hardware/gps/create.ts';
import type { Fix } from '../../../hardware/gps/types.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { gpsdDaemonDir, requireSharedData } from '../../helpers/gpsd-corpus.ts';
import { waitFor } from '../../helpers/temp.ts';

describe('createGpsSource', () => {
  it('returns a failure value for incomplete config', () => {
    const clock = systemClock;
    expect(createGpsSource({ source: 'serial' }, { clock })).toMatchObject({ ok: false, error: { code: 'gps-config' } });
    expect(createGpsSource({ source: 'replay' }, { clock })).toMatchObject({ ok: false, error: { code: 'gps-config' } });
    expect(createGpsSource({ source: 'simulator' }, { clock })).toMatchObject({ ok: false, error: { message: expect.stringContaining('route') } });
    expect(createGpsSource({ source: 'gpsd', port: 1 }, { clock }).ok).toBe(true);
  });

  it('gates every source: a replay of a log with no-fix periods passes only usable fixes', async () => {
    requireSharedData();
    const created = createGpsSource({ source: 'replay', path: `${gpsdDaemonDir}haicom-305N.log`, speed: 0 }, { clock: systemClock });
    if (!created.ok) throw new Error(created.error.message);
    const source = created.value;
    const fixes: Fix[] = [];
    source.onFix((f) => fixes.push(f));
    source.start();
    await waitFor(() => source.gate.accepted > 0 && source.status().status === 'no-device', 'replay to finish');
    expect(fixes.length).toBe(source.gate.accepted);
    expect(fixes.every((f) => f.mode >= 2 && f.time !== null)).toBe(true);
    expect(source.gate.dropped.invalid).toBeGreaterThan(0);
    console.log(`haicom-305N through the gate: ${source.gate.accepted} accepted, dropped ${JSON.stringify(source.gate.dropped)}`);
  });

  it('builds the simulator from plain route data and reports its status', async () => {
    const created = createGpsSource(
      { source: 'simulator', speed: 50, noiseMetres: 2 },
      { clock: systemClock, route: [[120, 36], [120.01, 36], [120.01, 36.01]], stops: [{ position: [120.005, 36], dwellS: 5 }] },
    );
    if (!created.ok) throw new Error(created.error.message);
    const fixes: Fix[] = [];
    created.value.onFix((f) => fixes.push(f));
    created.value.start();
    try {
      await waitFor(() => fixes.length >= 3, 'simulated fixes');
      expect(created.value.status()).toMatchObject({ status: 'fix', device: 'simulator' });
    } finally {
      await created.value.stop();
    }
  });
});
