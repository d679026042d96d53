/**
 * A service day of ridership and residents' voice: 12 service hours at 3 laps an hour (36 laps,
 * 108 stop visits) of simulated door-counter lines, and 500 comments spread over the day, all
 * written through the services into a real SQLite file (WAL, synchronous=FULL) with their outbox
 * rows. Two peers in the same run: the real trip tracker on a simulated GNSS drive of the demo loop
 * (door opening wired back to it as on the bus), and a plain walk over the stops without GNSS.
 * Checks that the counts per stop equal what the simulated counter generated.
 */
import { join } from 'node:path';
import { SimulatedCounter, type StopVisit } from '../../hardware/counter/simulator.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { unwrap } from '../../src/core/result.ts';
import type { CategoryId } from '../../src/services/feedback/categories.ts';
import { FeedbackService, type CommentInput } from '../../src/services/feedback/feedback.ts';
import { loadWordList, Moderator } from '../../src/services/feedback/moderation.ts';
import { RidershipService } from '../../src/services/ridership/ridership.ts';
import type { StopPosition } from '../../src/services/ridership/stop-context.ts';
import { Store } from '../../src/store/store.ts';
import { Tracker } from '../../src/trip/tracker.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDir } from '../helpers/temp.ts';
import { simulateDrive } from '../scenarios/support/drive.ts';
import { fixesOf } from '../scenarios/support/fixes.ts';
import { receiverEpochs, urbanNoise } from '../scenarios/support/receiver.ts';
import { demoRoute } from '../scenarios/support/scenarios.ts';

const lapsPerHour = 3;
const hours = 12;
const laps = lapsPerHour * hours;
const lapS = 3600 / lapsPerHour;
const comments = 500;
/** 07:00 in Qingdao. */
const dayStart = Date.parse('2026-11-22T23:00:00.000Z');
const day = '2026-11-23';
const stops = demoRoute.stops;

interface DayResult {
  name: string;
  wallMs: number;
  countMs: number;
  countWrites: number;
  commentMs: number;
  visits: StopVisit[];
  byStop: ReturnType<RidershipService['byStop']>;
  occupancy: number;
  clamps: number;
  outbox: Record<string, number>;
  rawNumbersInOutbox: number;
  extra: string;
}

/** The 500 comments of the day: categories, quick phrases, numbers, profanity and emoji mixed in. */
function dayComments(): { at: number; input: CommentInput }[] {
  const rnd = seededRandom(15);
  const cats: CategoryId[] = ['suggestion', 'help', 'complaint', 'praise', 'topic'];
  const phrase: Record<CategoryId, string> = { suggestion: 'more-trips', help: 'call-me', complaint: 'long-wait', praise: 'driver', topic: 'parking' };
  const texts = [
    '希望周末也开', '3号楼门口的路灯坏了 🙏', '请联系我 139 0000 1234', '身份证11010519491231002X，医保怎么转？',
    'Thank you for the free clinic 👍', '傻逼才插队', '能不能在宏福佳苑多停一会儿', '电话 0532-86981234 找王阿姨', '',
  ];
  return Array.from({ length: comments }, (_, i) => {
    const category = cats[i % cats.length]!;
    const text = texts[Math.floor(rnd() * texts.length)]!;
    return {
      at: dayStart + Math.floor(((i + 0.5) * hours * 3600_000) / comments),
      input: {
        category,
        phraseIds: text === '' || rnd() < 0.3 ? [phrase[category]] : [],
        text,
        contact: i % 10 === 0 ? '13812345678' : undefined,
        keepOriginal: i % 7 === 0,
      },
    };
  });
}

/** Runs one day: `drive` moves the bus, serving stops and submitting due comments as it goes. */
async function runDay(
  name: string,
  drive: (parts: { clock: ManualClock; setPosition: (p: StopPosition) => void; serve: (stopId: string) => void; submitDue: (ms: number) => void; ridership: RidershipService }) => string,
): Promise<DayResult> {
  const dir = tempDir('lianxin-bench-');
  const clock = new ManualClock(new Date(dayStart));
  const store = unwrap(Store.open(join(dir.path, 'bus.db'), clock));
  let position: StopPosition = { stopId: null, lastStopId: null, lap: 1 };
  const ridership = new RidershipService({ store, clock, context: { current: () => position } });
  const feedback = new FeedbackService({ store, clock, moderator: new Moderator(loadWordList()) });
  const counter = new SimulatedCounter({ seed: 42 });
  ridership.attach(counter);
  counter.start();
  const pending = dayComments();
  let countMs = 0;
  let countWrites = 0;
  let commentMs = 0;
  ridership.onOccupancy.on(() => countWrites++);
  const started = performance.now();
  const extra = drive({
    clock,
    setPosition: (p) => (position = p),
    serve: (stopId) => {
      const t0 = performance.now();
      counter.serveStop(stopId);
      countMs += performance.now() - t0;
    },
    submitDue: (ms) => {
      while (pending.length > 0 && pending[0]!.at <= ms) {
        const next = pending.shift()!;
        const keep = clock.now();
        clock.set(new Date(next.at));
        const t0 = performance.now();
        unwrap(feedback.submit(next.input));
        commentMs += performance.now() - t0;
        clock.set(keep);
      }
    },
    ridership,
  });
  const wallMs = performance.now() - started;
  const outbox = Object.fromEntries(
    (store.db.prepare('SELECT kind, count(*) AS n FROM outbox GROUP BY kind').all() as { kind: string; n: number }[]).map((r) => [r.kind, r.n]),
  );
  const payloads = store.db.prepare("SELECT payload FROM outbox WHERE kind = 'comment'").pluck().all() as string[];
  const rawNumbersInOutbox = payloads.filter((p) => /13900001234|11010519491231002X|86981234/.test(p.replace(/"contact":"[^"]*"/, ''))).length;
  const result: DayResult = {
    name, wallMs, countMs, countWrites, commentMs, visits: counter.visits, byStop: ridership.byStop(day), occupancy: ridership.occupancy(),
    clamps: ridership.adjustments(day).filter((a) => a.kind === 'clamp').length, outbox, rawNumbersInOutbox, extra,
  };
  store.close();
  dir.cleanup();
  return result;
}

/** The day's GNSS drive, generated before the clock starts: 12 hours of fixes at 1 Hz with urban noise. */
function generateDrive() {
  const L = demoRoute.length;
  const holdAt = (lap: number, k: number) => lap * L + stops[k]!.distance + 2;
  const plan = (lapCount: number, layoverS: number) => ({
    startU: Math.max(0, stops[0]!.distance - 200),
    endU: Math.max(0, stops[0]!.distance - 200) + lapCount * L,
    cruiseMps: 9,
    startTime: new Date(dayStart).toISOString(),
    holds: Array.from({ length: lapCount }, (_, lap) => stops.map((_, k) => ({ u: holdAt(lap, k), dwellS: k === 0 ? layoverS : 30, kind: 'stop' as const }))).flat(),
  });
  // A lap's driving time, then a layover at the first stop that makes each lap 20 minutes.
  const oneLap = simulateDrive(demoRoute, plan(1, 30));
  const lapDriveS = (oneLap.samples.at(-1)!.ms - oneLap.startMs) / 1000;
  const drive = simulateDrive(demoRoute, plan(laps, Math.max(30, 30 + lapS - lapDriveS)));
  const fixes = fixesOf(receiverEpochs(drive, { rateHz: 1, noise: urbanNoise, seed: 7 }));
  return { drive, fixes };
}

/** Peer 1: the real tracker on a simulated GNSS drive; arrivals serve the stop, door opening goes back to the tracker. */
function trackedDrive({ drive, fixes }: ReturnType<typeof generateDrive>) {
  return ({ clock, setPosition, serve, submitDue, ridership }: Parameters<Parameters<typeof runDay>[1]>[0]): string => {
    const tracker = new Tracker(demoRoute, { doorSensor: true });
    let lastStopId: string | null = null;
    let arrivals = 0;
    let byDoor = 0;
    const position = () => {
      const state = tracker.state();
      return { stopId: state.currentStop?.id ?? null, lastStopId, lap: state.lap };
    };
    const apply = (events: ReturnType<Tracker['update']>) => {
      for (const e of events) {
        if (e.stopId && (e.type === 'arrived' || e.type === 'passed') && stops.some((s) => s.id === e.stopId)) lastStopId = e.stopId;
        if (e.type === 'arrived') arrivals++;
        if (e.type === 'arrived' && e.door) byDoor++;
      }
      setPosition(position());
    };
    ridership.onDoorOpen.on(() => apply(tracker.doorOpen()));
    const served = new Set<number>();
    for (const fix of fixes) {
      const ms = Date.parse(fix.time!);
      submitDue(ms);
      clock.set(new Date(ms));
      apply(tracker.update(fix));
      // The driver opens the doors once the bus has stood at a stop hold for a few seconds.
      const hold = drive.holds.findIndex((h, i) => !served.has(i) && ms >= h.arriveMs + 5000 && ms < h.departMs);
      if (hold >= 0) {
        served.add(hold);
        serve(stops[hold % stops.length]!.id);
      }
    }
    submitDue(Infinity);
    return `${fixes.length} fixes at 1 Hz (urban noise), ${drive.holds.length} stop holds, ${arrivals} arrivals recorded by the tracker (${byDoor} confirmed by the door signal)`;
  };
}

/** Peer 2: no GNSS; the stop context walks the loop's stops on a timetable. */
function walkedDrive({ clock, setPosition, serve, submitDue }: Parameters<Parameters<typeof runDay>[1]>[0]): string {
  const L = demoRoute.length;
  for (let lap = 0; lap < laps; lap++) {
    for (const stop of stops) {
      const ms = dayStart + Math.floor((lap + stop.distance / L) * lapS * 1000);
      submitDue(ms);
      clock.set(new Date(ms));
      setPosition({ stopId: stop.id, lastStopId: stop.id, lap: lap + 1 });
      serve(stop.id);
      setPosition({ stopId: null, lastStopId: stop.id, lap: lap + 1 });
    }
  }
  submitDue(Infinity);
  return `${laps * stops.length} timetabled stop visits`;
}

function report(r: DayResult): void {
  const generated = new Map<string, { boarded: number; alighted: number }>();
  for (const v of r.visits) {
    const g = generated.get(v.stopId) ?? { boarded: 0, alighted: 0 };
    g.boarded += v.boarded;
    g.alighted += v.alighted;
    generated.set(v.stopId, g);
  }
  console.log(`\n${r.name}: ${r.extra}`);
  console.log(`  ${'stop'.padEnd(24)} ${'visits'.padStart(6)} ${'boarded'.padStart(8)} ${'(sim)'.padStart(6)} ${'alighted'.padStart(9)} ${'(sim)'.padStart(6)}`);
  let ok = true;
  for (const row of r.byStop) {
    const label = row.betweenStops ? `between, after ${row.afterStopId}` : row.stopId!;
    const g = row.stopId ? generated.get(row.stopId) : undefined;
    const visits = r.visits.filter((v) => v.stopId === row.stopId).length;
    console.log(`  ${label.padEnd(24)} ${String(visits).padStart(6)} ${String(row.boarded).padStart(8)} ${String(g?.boarded ?? 0).padStart(6)} ${String(row.alighted).padStart(9)} ${String(g?.alighted ?? 0).padStart(6)}`);
    if (!g || g.boarded !== row.boarded || g.alighted !== row.alighted) ok = false;
  }
  const booked = new Set(r.byStop.map((s) => s.stopId));
  for (const stopId of generated.keys()) if (!booked.has(stopId) && (generated.get(stopId)!.boarded > 0 || generated.get(stopId)!.alighted > 0)) ok = false;
  const total = r.byStop.reduce((a, s) => ({ b: a.b + s.boarded, a: a.a + s.alighted }), { b: 0, a: 0 });
  const sim = r.visits.reduce((a, v) => ({ b: a.b + v.boarded, a: a.a + v.alighted }), { b: 0, a: 0 });
  console.log(`  total: boarded ${total.b} (simulator ${sim.b}), alighted ${total.a} (simulator ${sim.a}), on board at the end ${r.occupancy} (simulator ${sim.b - sim.a}), clamps ${r.clamps}`);
  console.log(`  outbox rows: ${Object.entries(r.outbox).map(([k, n]) => `${k} ${n}`).join(', ')}; comment payloads with an unmasked number: ${r.rawNumbersInOutbox}`);
  console.log(
    `  time: whole day ${r.wallMs.toFixed(0)} ms; ${r.countWrites} count writes ${r.countMs.toFixed(0)} ms (${(r.countMs / r.countWrites).toFixed(2)} ms each); ` +
      `${comments} comments ${r.commentMs.toFixed(0)} ms (${(r.commentMs / comments).toFixed(2)} ms each)`,
  );
  const failures = [
    !ok && 'counts per stop differ from what the simulator generated',
    total.b !== sim.b || total.a !== sim.a ? 'totals differ from the simulator' : false,
    r.occupancy !== sim.b - sim.a && 'final occupancy differs',
    r.clamps !== 0 && 'occupancy was clamped',
    r.outbox.count !== r.countWrites && 'count writes and count outbox rows differ',
    r.outbox.comment !== comments && 'comment outbox rows differ from comments submitted',
    r.rawNumbersInOutbox !== 0 && 'an unmasked number reached the outbox',
  ].filter(Boolean);
  if (failures.length > 0) throw new Error(`${r.name}: ${failures.join('; ')}`);
  console.log('  check: counts per stop and totals equal the simulator’s; outbox rows match the writes — OK');
}

export async function run(): Promise<void> {
  console.log(`${hours} service hours × ${lapsPerHour} laps an hour = ${laps} laps of the demo loop (${stops.length} stops, ${(demoRoute.length / 1000).toFixed(2)} km), ${comments} comments`);
  const generating = performance.now();
  const drive = generateDrive();
  console.log(`GNSS drive generated in ${(performance.now() - generating).toFixed(0)} ms (not counted below)`);
  const tracked = await runDay('real tracker on a simulated drive', trackedDrive(drive));
  report(tracked);
  const walked = await runDay('stop walk without GNSS', walkedDrive);
  report(walked);
  console.log(
    `\nratio whole-day time tracker / walk: ${(tracked.wallMs / walked.wallMs).toFixed(1)}×; ` +
      `count write time tracker / walk: ${(tracked.countMs / tracked.countWrites / (walked.countMs / walked.countWrites)).toFixed(2)}×`,
  );
}
