import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activitiesApi } from '../../../src/api/areas/activities.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { uuidv7 } from '../../../src/core/ids.ts';
import { unwrap } from '../../../src/core/result.ts';
import { Store } from '../../../src/store/store.ts';
import { topics } from '../../../src/protocol/topics.ts';
import { Uplink } from '../../../src/sync/uplink.ts';
import { tempDir } from '../../helpers/temp.ts';

/** Today's activities come from the schedule the office sends down, by the office's (Beijing) calendar day. */
describe('activitiesToday', () => {
  const dir = tempDir();
  // 09:00 in Qingdao on 23 November.
  const clock = new ManualClock('2026-11-23T01:00:00.000Z');
  let store: Store;
  let uplink: Uplink;

  beforeEach(() => {
    store = unwrap(Store.open(join(dir.path, `bus-${uuidv7()}.db`), clock));
    uplink = new Uplink({ store, busId: 'b1', mqtt: configSchema.parse({}).mqtt, clock });
  });
  afterEach(async () => {
    await uplink.stop();
    store.close();
  });
  afterAll(() => dir.cleanup());

  const send = (version: number, activities: unknown[]) =>
    uplink.downlink.dispatch(
      topics.fleetDown('activity-schedule'),
      Buffer.from(JSON.stringify({ v: 1, id: uuidv7(), kind: 'activity-schedule', version, issuedAt: clock.now().toISOString(), body: { activities } })),
    ).outcome;

  it('is empty until the office sends a schedule', async () => {
    expect(await activitiesApi({ uplink, clock }).activitiesToday()).toEqual({ day: '2026-11-23', version: null, activities: [] });
  });

  it('lists only today’s activities in start order, with the local start and end time, the place, and English falling back to Chinese', async () => {
    expect(
      send(1, [
        { id: 'clinic', title: { zh: '义诊', en: 'Free clinic' }, start: '2026-11-23T02:00:00.000Z', end: '2026-11-23T11:30:00+08:00', place: { zh: '宏福佳苑东门' } },
        { id: 'early', title: { zh: '早间读报' }, start: '2026-11-22T17:00:00.000Z' },
        { id: 'tomorrow', title: { zh: '议事会' }, start: '2026-11-23T16:30:00.000Z' },
      ]),
    ).toBe('applied');
    expect(await activitiesApi({ uplink, clock }).activitiesToday()).toEqual({
      day: '2026-11-23',
      version: 1,
      activities: [
        { id: 'early', start: '2026-11-22T17:00:00.000Z', time: '01:00', endTime: null, title: { zh: '早间读报', en: '早间读报' }, place: null },
        { id: 'clinic', start: '2026-11-23T02:00:00.000Z', time: '10:00', endTime: '11:30', title: { zh: '义诊', en: 'Free clinic' }, place: { zh: '宏福佳苑东门', en: '宏福佳苑东门' } },
      ],
    });
  });
});
