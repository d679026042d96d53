import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCounter } from '../../../hardware/counter/simulator.ts';
import { FakeTicketPrinter } from '../../../hardware/printer/fake.ts';
import { feedbackApi } from '../../../src/api/areas/feedback.ts';
import { ridershipApi } from '../../../src/api/areas/ridership.ts';
import type { LiveEvent } from '../../../src/api/live.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { Emitter } from '../../../src/core/emitter.ts';
import { err, ok, unwrap } from '../../../src/core/result.ts';
import { startHttpHost, type RunningHost } from '../../../src/host/http-server.ts';
import { buildRidershipAndFeedback } from '../../../src/host/ridership-and-feedback.ts';
import type { StopPosition } from '../../../src/services/ridership/stop-context.ts';
import { Store } from '../../../src/store/store.ts';
import { tempDir } from '../../helpers/temp.ts';

/** The two areas served by the real host over HTTP, on a real SQLite file, as the screens will call them. */
describe('ridership and feedback API over HTTP', () => {
  const dir = tempDir();
  const clock = new ManualClock('2026-11-23T02:00:00.000Z');
  const store = unwrap(Store.open(join(dir.path, 'bus.db'), clock));
  const live = new Emitter<LiveEvent>();
  const events: LiveEvent[] = [];
  live.on((e) => events.push(e));
  let position: StopPosition = { stopId: 'furonglu-center', lastStopId: 'furonglu-center', lap: 1 };
  const finished = new Set<string>(['T-9']);
  const config = configSchema.parse({ counter: { source: 'simulator', capacity: 30 } });
  const voice = buildRidershipAndFeedback({
    config,
    clock,
    store,
    live,
    context: { current: () => position },
    tickets: { isFinished: (id) => finished.has(id) },
  });
  let host: RunningHost;

  beforeAll(async () => {
    mkdirSync(join(dir.path, 'static'));
    // The desk's answer to "who holds this ticket": number A009 is the finished T-9, A001 the open T-1.
    const held: Record<string, string> = { A009: 'T-9', A001: 'T-1' };
    const desk = {
      claim: (by: { number: string } | { reference: string }, secret: string) =>
        'number' in by && held[by.number] && secret === 'K7K7K7' ? ok(held[by.number]!) : err('wrong-secret', 'no such ticket and code'),
    };
    const api = { ...ridershipApi({ ...voice, config }), ...feedbackApi({ ...voice, desk, printer: new FakeTicketPrinter(), clock }) };
    host = await startHttpHost({ surfaces: { resident: { methods: api } }, live: live as Emitter<unknown>, host: '127.0.0.1', port: 0, staticDir: join(dir.path, 'static'), home: '/' });
    voice.start();
  });
  afterAll(async () => {
    await host.close();
    await voice.stop();
    store.close();
    dir.cleanup();
  });

  const call = async (method: string, input?: unknown) => {
    const res = await fetch(`${host.url}/api/resident/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: input === undefined ? undefined : JSON.stringify(input),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown> & { ok?: boolean; value?: Record<string, unknown>; error?: { code: string } };
  };

  it('counts the simulated counter at a stop, takes the driver’s tally, and pushes occupancy', async () => {
    const simulator = voice.counter as SimulatedCounter;
    // Serve the stop until someone has boarded (the seeded first visit may find nobody waiting).
    while (simulator.visits.reduce((n, v) => n + v.boarded, 0) === 0) simulator.serveStop('furonglu-center');
    const visit = simulator.visits.reduce((a, v) => ({ boarded: a.boarded + v.boarded, alighted: a.alighted + v.alighted }), { boarded: 0, alighted: 0 });
    position = { stopId: null, lastStopId: 'furonglu-center', lap: 1 };
    expect((await call('ridershipTally', { action: 'board' })).ok).toBe(true);
    const occupancy = await call('ridershipOccupancy');
    expect(occupancy).toMatchObject({ occupancy: visit.boarded - visit.alighted + 1, capacity: 30, doorsOpen: [], counter: { state: 'connected' } });
    const byStop = await call('ridershipByStop', { day: '2026-11-23' });
    expect(byStop.value!.rows).toEqual([
      { lap: null, stopId: 'furonglu-center', afterStopId: null, betweenStops: false, boarded: visit.boarded, alighted: visit.alighted },
      { lap: null, stopId: null, afterStopId: 'furonglu-center', betweenStops: true, boarded: 1, alighted: 0 },
    ]);
    const byHour = await call('ridershipByHour', {});
    expect((byHour.value!.hours as unknown[]).length).toBe(24);
    expect((byHour.value!.hours as { hour: number; boarded: number }[])[10]).toEqual({ hour: 10, boarded: visit.boarded + 1, alighted: visit.alighted });
    expect(events.filter((e) => e.type === 'occupancy').at(-1)).toMatchObject({ type: 'occupancy', occupancy: visit.boarded - visit.alighted + 1 });
  });

  it('returns bad input as a value, never a crash', async () => {
    expect(await call('ridershipTally', { action: 'jump' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('ridershipByStop', { day: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('feedbackSubmit', { category: 'praise', text: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('feedbackSubmit', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('submits a comment, looks it up, and rates a finished visit', async () => {
    const categories = await call('feedbackCategories');
    expect((categories.categories as { label: { zh: string } }[]).map((c) => c.label.zh)).toEqual(['意见建议', '求助', '投诉', '表扬', '议题']);
    expect(categories).toMatchObject({ maxTextCodePoints: 500, nextMeetingDay: '2026-12-15' });
    const submitted = await call('feedbackSubmit', { category: 'help', text: '请回电 13812345678', contact: '13812345678', ticketId: 'T-9' });
    expect(submitted.value).toMatchObject({ text: '请回电 138****5678', masked: true, contactMasked: '138****5678' });
    const reference = submitted.value!.reference as string;
    expect(voice.feedback.applyReply(reference, 'answered', '已安排网格员上门。', 1)).toEqual({ ok: true, value: { applied: true } });
    expect(events.at(-1)).toEqual({ type: 'feedback-reply', reference, status: 'answered' });
    expect((await call('feedbackLookup', { reference: reference.toLowerCase() })).value).toMatchObject({ status: 'answered', replyText: '已安排网格员上门。' });

    const options = await call('ratingOptions', { number: 'A009', secret: 'K7K7K7' });
    expect(options.value).toMatchObject({ selected: null, canRate: true });
    expect(await call('ratingSubmit', { number: 'A001', secret: 'K7K7K7', level: 'satisfied' })).toMatchObject({ ok: false, error: { code: 'ticket-not-finished' } });
    // Without the ticket's code (another resident typing a sequential number) nothing is rated.
    expect(await call('ratingSubmit', { number: 'A009', secret: 'AAAAAA', level: 'very-dissatisfied' })).toMatchObject({ ok: false, error: { code: 'wrong-secret' } });
    expect(await call('ratingSubmit', { number: 'A009', level: 'very-dissatisfied' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('ratingSubmit', { ticketId: 'T-9', level: 'very-dissatisfied' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('ratingSubmit', { number: 'A009', secret: 'K7K7K7', level: 'very-dissatisfied', reasons: ['not-resolved'] })).toEqual({
      ok: true,
      value: { ticketId: 'T-9', level: 'very-dissatisfied', followUp: true },
    });
    expect(await call('ratingSubmit', { number: 'A009', secret: 'K7K7K7', level: 'satisfied' })).toMatchObject({ ok: false, error: { code: 'already-rated' } });
  });
});
