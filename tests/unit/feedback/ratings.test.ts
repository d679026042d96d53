import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { DeskService } from '../../../src/services/desk/desk-service.ts';
import { RatingService, ratingLevels } from '../../../src/services/feedback/ratings.ts';
import { Store } from '../../../src/store/store.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('好差评 ratings', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let ratings: RatingService;
  const finished = new Set<string>();

  beforeEach(() => {
    dir = tempDir();
    const clock = new ManualClock();
    store = unwrap(Store.open(join(dir.path, 'bus.db'), clock));
    finished.clear();
    ratings = new RatingService({ store, clock, tickets: { isFinished: (id) => finished.has(id) } });
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  const ratingRows = () => store.db.prepare('SELECT ticket_id, level, reasons, follow_up FROM service_rating').all();
  const outbox = () => store.db.prepare("SELECT priority, payload FROM outbox WHERE kind = 'rating'").all() as { priority: number; payload: string }[];

  it('offers the five national levels, best first', () => {
    expect(ratingLevels.map((l) => l.label.zh)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
  });

  it('is refused before the visit is finished, and accepted after', () => {
    expect(ratings.canRate('T1')).toBe(false);
    expect(ratings.submit({ ticketId: 'T1', level: 'satisfied' })).toMatchObject({ ok: false, error: { code: 'ticket-not-finished' } });
    expect(ratingRows()).toEqual([]);
    finished.add('T1');
    expect(ratings.canRate('T1')).toBe(true);
    expect(ratings.submit({ ticketId: 'T1', level: 'satisfied' })).toEqual({ ok: true, value: { ticketId: 'T1', level: 'satisfied', followUp: false } });
    expect(outbox().map((r) => r.priority)).toEqual([1]);
  });

  it('takes one rating per visit', () => {
    finished.add('T2');
    expect(ratings.submit({ ticketId: 'T2', level: 'very-satisfied' }).ok).toBe(true);
    expect(ratings.submit({ ticketId: 'T2', level: 'very-dissatisfied' })).toMatchObject({ ok: false, error: { code: 'already-rated' } });
    expect(ratings.canRate('T2')).toBe(false);
    expect(ratingRows()).toEqual([{ ticket_id: 'T2', level: 'very-satisfied', reasons: '[]', follow_up: 0 }]);
    expect(outbox()).toHaveLength(1);
  });

  it('flags the two low levels for follow-up, with optional reasons', () => {
    finished.add('T3');
    finished.add('T4');
    expect(unwrap(ratings.submit({ ticketId: 'T3', level: 'dissatisfied', reasons: ['long-wait', 'unclear'] })).followUp).toBe(true);
    expect(unwrap(ratings.submit({ ticketId: 'T4', level: 'very-dissatisfied' })).followUp).toBe(true);
    expect(outbox().map((r) => JSON.parse(r.payload) as { followUp: boolean; reasons: string[] })).toEqual([
      expect.objectContaining({ ticketId: 'T3', followUp: true, reasons: ['long-wait', 'unclear'] }),
      expect.objectContaining({ ticketId: 'T4', followUp: true, reasons: [] }),
    ]);
  });

  it('refuses reasons with a good level, and unknown reasons or levels', () => {
    finished.add('T5');
    expect(ratings.submit({ ticketId: 'T5', level: 'satisfied', reasons: ['long-wait'] })).toMatchObject({ ok: false, error: { code: 'reasons-not-allowed' } });
    expect(ratings.submit({ ticketId: 'T5', level: 'dissatisfied', reasons: ['too-hot'] })).toMatchObject({ ok: false, error: { code: 'unknown-reason' } });
    expect(ratings.submit({ ticketId: 'T5', level: 'meh' as never })).toMatchObject({ ok: false, error: { code: 'unknown-level' } });
    expect(ratingRows()).toEqual([]);
  });
});

describe('ratings against the real service desk', () => {
  it('open once the desk has finished or handed over the visit, never for a no-show', () => {
    const dir = tempDir();
    const clock = new ManualClock('2026-11-23T02:00:00.000Z');
    const store = unwrap(Store.open(join(dir.path, 'bus.db'), clock));
    const desk = new DeskService({ store, clock, config: configSchema.parse({}).desk });
    const ratings = new RatingService({ store, clock, tickets: desk });
    const staff = { staffId: 's01', counter: 1 };
    const served = unwrap(desk.takeTicket({ itemId: 'policy-consult' })).ticket;
    const absent = unwrap(desk.takeTicket({ itemId: 'policy-consult' })).ticket;
    unwrap(desk.callNext(staff));
    unwrap(desk.start(served.id, staff));
    expect(ratings.submit({ ticketId: served.id, level: 'satisfied' })).toMatchObject({ ok: false, error: { code: 'ticket-not-finished' } });
    unwrap(desk.finish(served.id, staff, '已办结'));
    expect(unwrap(ratings.submit({ ticketId: served.id, level: 'satisfied' }))).toEqual({ ticketId: served.id, level: 'satisfied', followUp: false });
    unwrap(desk.callNext(staff));
    unwrap(desk.noShow(absent.id, staff));
    expect(ratings.canRate(absent.id)).toBe(false);
    store.close();
    dir.cleanup();
  });
});
