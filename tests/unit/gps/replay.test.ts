import { describe, expect, it } from 'vitest';
import { encodeFix } from '../../../hardware/gps/encode.ts';
import { ReplaySource } from '../../../hardware/gps/sources/replay.ts';
import type { Fix } from '../../../hardware/gps/types.ts';
import { ManualClock } from '../../../src/core/clock.ts';

/** Ten epochs one second apart, then a 30 s gap, then one more. */
function capture(): Buffer {
  const start = Date.UTC(2026, 10, 23, 8, 0, 0);
  const times = [...Array.from({ length: 10 }, (_, i) => start + i * 1000), start + 39_000];
  return Buffer.from(times.map((t) => encodeFix({ time: new Date(t), lat: 36, lon: 120, speedMps: 5, trackDeg: 0 })).join(''), 'latin1');
}

function replay(speed: number, hold = false) {
  const clock = new ManualClock('2030-01-01T00:00:00Z');
  const sleeps: number[] = [];
  const emittedAt: number[] = [];
  const source = new ReplaySource({
    bytes: capture(),
    speed,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
      if (hold) await new Promise(() => {}); // a wait that only stop() ends
    },
  });
  const fixes: Fix[] = [];
  source.onFix((f) => {
    fixes.push(f);
    emittedAt.push(clock.now().getTime() - Date.parse('2030-01-01T00:00:00Z'));
  });
  source.start();
  return { source, fixes, sleeps, emittedAt };
}

describe('file replay', () => {
  it('paces fixes by their own times divided by the speed factor', async () => {
    const { source, fixes, emittedAt } = replay(4);
    await source.finished();
    expect(fixes).toHaveLength(11);
    expect(emittedAt).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 9750]);
    // A replay of an old log says nothing about this PC's clock.
    expect(source.status().clockOffsetMs).toBeNull();
  });

  it('runs as fast as possible at speed 0', async () => {
    const { source, fixes, sleeps } = replay(0);
    await source.finished();
    expect(fixes).toHaveLength(11);
    expect(sleeps).toEqual([]);
  });

  it('stops part way when asked', async () => {
    const { source, fixes } = replay(1, true);
    await new Promise((r) => setImmediate(r));
    await source.stop();
    expect(fixes).toHaveLength(1);
  });
});
