import Database from 'better-sqlite3';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { ok, unwrap } from '../../../src/core/result.ts';
import { officeParts } from '../../../src/office/app.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { outboxPriority } from '../../../src/store/outbox.ts';
import { startMosquitto, type Mosquitto } from '../../helpers/mosquitto.ts';
import { simulatedBus, staff, startOfficeProcess, type OfficeProcess, type SimulatedBus } from '../../helpers/office.ts';
import { startPostgres, type PostgresServer } from '../../helpers/postgres.ts';
import { seededRandom } from '../../helpers/random.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { wirePayload } from '../../helpers/wire-payloads.ts';
import { hostilePayloads } from './fuzz-generators.ts';

/**
 * Issue 13's fuzz test: one attacker with a bus's credentials sends valid envelopes with hostile
 * payloads of every kind, and junk besides, while two real buses send their events, into a real
 * `lianxin office` run with --unhandled-rejections=strict. The office must keep receiving,
 * projecting and serving, and the real buses' data must be exactly what it would be without it.
 */
const seed = 13;
const hostileCount = { sqlite: 10_000, postgres: 10_000 };
const readModels = ['p_ticket', 'p_comment', 'p_rating', 'p_count', 'p_trip', 'p_ride_hour', 'p_lap'] as const;

interface RealEvents {
  ids: string[];
  tickets: string[];
  comments: string[];
  ratings: string[];
}

/** A bus's real records: tickets through their states, comments, ratings, counts, trip events. */
function writeRealEvents(bus: SimulatedBus, n: number): RealEvents {
  const real: RealEvents = { ids: [], tickets: [], comments: [], ratings: [] };
  const add = (kind: string, payload: Record<string, unknown>) =>
    real.ids.push(bus.store.outbox.add({ kind, at: new Date().toISOString(), payload, priority: outboxPriority.resident }).id);
  bus.store.withTransaction(() => {
    for (let i = 0; i < n; i++) {
      const minute = (m: number) => new Date(Date.UTC(2026, 5, 1, 1, i, m)).toISOString();
      const ticket = wirePayload('ticket', i, { itemId: 'elderly-subsidy' });
      const ticketId = ticket.ticketId as string;
      real.tickets.push(ticketId);
      add('ticket', { ...ticket, at: minute(0) });
      add('ticket', { ...ticket, action: 'call', from: 'waiting', to: 'called', at: minute(10) });
      add('ticket', { ...ticket, action: 'finish', from: 'called', to: 'done', at: minute(20) });
      const comment = wirePayload('comment', i, { category: i % 3 === 0 ? 'help' : 'suggestion', text: `${bus.busId} 意见 ${i}` });
      real.comments.push(comment.id as string);
      add('comment', comment);
      const rating = wirePayload('rating', i, { ticketId, level: i % 2 ? 'satisfied' : 'dissatisfied', followUp: i % 2 === 0 });
      real.ratings.push(rating.id as string);
      add('rating', rating);
      add('count', { ...wirePayload('count', i), stopId: `s${i % 4}`, day: '2026-06-01', hour: 9 });
      add('trip', wirePayload('trip', i));
    }
  });
  return real;
}

const envelopeBytes = (seq: number, kind: string, payload: Buffer) =>
  Buffer.concat([
    Buffer.from(`{"v":1,"id":"0190a1b2-0000-7000-8000-${seq.toString(16).padStart(12, '0')}","busId":"bus-x","seq":${seq},"kind":"${kind}","at":"2026-06-01T08:00:00.000Z","payload":`),
    payload,
    Buffer.from('}'),
  ]);

/** The read models of the given buses, computed from the office ledger's real events alone. */
async function referenceModels(dir: string, ledgerDb: Database.Database, buses: string[]): Promise<Record<string, unknown[]>> {
  const store = unwrap(await OfficeStore.open(join(dir, 'reference.db'), new ManualClock(new Date())));
  try {
    const rows = ledgerDb
      .prepare(`SELECT bus_id AS busId, seq, id, kind, at, payload FROM event WHERE bus_id IN (${buses.map(() => '?').join(',')}) ORDER BY rowid`)
      .all(...buses) as { busId: string; seq: number; id: string; kind: string; at: string; payload: string }[];
    await store.ledger.commitBatch(
      rows.map((r) => ({ v: 1, busId: r.busId, seq: r.seq, id: r.id, kind: r.kind, at: r.at, payload: JSON.parse(r.payload) })),
      rows.map((r) => r.payload),
    );
    const { deps } = officeParts(store, new ManualClock(new Date()), { publishCaseUpdate: async () => ok(null), publishContent: async () => ok(null) }, null, null);
    await deps.projector.catchUp();
    return snapshot(store.db, buses);
  } finally {
    await store.close();
  }
}

function snapshot(db: Database.Database, buses: string[]): Record<string, unknown[]> {
  const where = `bus_id IN (${buses.map(() => '?').join(',')})`;
  const out: Record<string, unknown[]> = {};
  for (const table of readModels) out[table] = db.prepare(`SELECT * FROM ${table} WHERE ${where} ORDER BY 1, 2, 3`).all(...buses);
  // Case ids and open times are the office's own (uuidv7 at projection): compare the rest.
  out.office_case = db.prepare(`SELECT source, source_id, bus_id, reference, title, due_day FROM office_case WHERE ${where} ORDER BY source_id`).all(...buses);
  return out;
}

describe.each([
  ['SQLite', 'sqlite'],
  ['PostgreSQL', 'postgres'],
] as const)('the office under hostile uplink (%s ledger)', (_name, backend) => {
  const dir = tempDir();
  let broker: Mosquitto;
  let postgres: PostgresServer | null = null;
  let databaseUrl: string | undefined;
  let office: OfficeProcess;
  const buses: SimulatedBus[] = [];

  beforeAll(async () => {
    broker = await startMosquitto({ dir: join(dir.path, 'broker') });
    if (backend === 'postgres') {
      postgres = await startPostgres();
      databaseUrl = await postgres.freshDatabase();
    }
    office = await startOfficeProcess(dir.path, broker.url, databaseUrl ? { database: { url: databaseUrl } } : {}, { strict: true });
  }, 90_000);
  afterAll(async () => {
    for (const bus of buses) await bus.stop();
    await office?.stop();
    await broker?.stop();
    postgres?.stop();
    dir.cleanup();
  });

  it('keeps receiving, projecting and serving, and no other bus’s data changes', async () => {
    const random = seededRandom(seed);
    for (const busId of ['bus-a', 'bus-b']) buses.push(simulatedBus(dir.path, busId, broker.url));
    const firstHalf = buses.map((bus) => writeRealEvents(bus, 10));
    for (const bus of buses) bus.uplink.start();
    // The attacker replays ids it could have learned: ones the office already holds. An id it knew
    // before its owner sent it would be taken first (read models key entities by payload id), but
    // the buses' ids are uuidv7, so none can be known before it is sent.
    for (const bus of buses) await waitFor(() => bus.uplink.status().backlog === 0, `${bus.busId}'s first events to reach the office`, 60_000);
    const stealable = { tickets: firstHalf.flatMap((r) => r.tickets), comments: firstHalf.flatMap((r) => r.comments), ratings: firstHalf.flatMap((r) => r.ratings) };
    const hostile = hostilePayloads(random, hostileCount[backend], stealable);

    const attacker = await mqtt.connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    const acks: number[] = [];
    attacker.on('message', (_topic, payload) => acks.push((JSON.parse(payload.toString()) as { seq: number }).seq));
    await attacker.subscribeAsync('lianxin/v1/bus/bus-x/down/ack', { qos: 1 });
    const secondHalf: RealEvents[] = [];
    for (let from = 0; from < hostile.length; from += 500) {
      const chunk = hostile.slice(from, from + 500);
      await Promise.all(chunk.map((h, k) => attacker.publishAsync(`lianxin/v1/bus/bus-x/up/${h.kind}`, envelopeBytes(from + k + 1, h.kind, h.payload), { qos: 1 })));
      // Junk that is no envelope at all, on the attacker's own topics.
      await attacker.publishAsync('lianxin/v1/bus/bus-x/up/count', Buffer.from([0x7b, 0xff, 0xfe, random() * 255]), { qos: 1 });
      await attacker.publishAsync('lianxin/v1/bus/bus-x/up/count', `{"v":1,"seq":${from}}`, { qos: 1 });
      // Real events keep coming meanwhile.
      if (from === 2000 || (from === 0 && hostile.length <= 2000)) secondHalf.push(...buses.map((bus) => writeRealEvents(bus, 5)));
    }
    const real = buses.map((_, b) => [...firstHalf[b]!.ids, ...(secondHalf[b]?.ids ?? [])]);

    // Every bus is acknowledged to its last seq: the attacker's rejected events never stalled anyone.
    await waitFor(() => acks.at(-1) === hostile.length, `the office to acknowledge all ${hostile.length} hostile events`, 150_000);
    for (const bus of buses) await waitFor(() => bus.uplink.status().backlog === 0, `${bus.busId}'s backlog to drain`, 60_000);
    await attacker.endAsync();
    expect(office.exitCode()).toBeNull();

    // Every dashboard read and every export answers 200 for a signed-in user.
    const login = await fetch(`${office.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: staff.chief.username, password: staff.chief.password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrf } = (await login.json()) as { csrf: string };
    const call = async (method: string, input?: unknown) => {
      const res = await fetch(`${office.url}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: input === undefined ? '' : JSON.stringify(input),
      });
      expect(res.status, method).toBe(200);
      return res.json() as Promise<unknown>;
    };
    const range = { from: '2026-01-01', to: '2026-12-31' };
    for (const method of ['officeMe', 'officeBuses', 'officeEvents', 'officeRoute', 'officeFleet', 'officeAudit', 'officeContent', 'officeCases']) await call(method);
    for (const method of ['officeRidership', 'officeDesk', 'officeRatings', 'officeComments']) await call(method, range);
    await call('officeAgenda', { meetingDay: '2026-06-05' });
    const quarantine = (await call('officeQuarantine')) as { messages: { busId: string; reason: string }[]; dropped: unknown[] };
    expect(quarantine.messages.some((m) => m.busId === 'bus-x' && /not projected: /.test(m.reason))).toBe(true);
    for (const dataset of ['ridership', 'desk', 'cases', 'comments', 'ratings']) {
      for (const format of ['csv', 'xlsx']) {
        const res = await fetch(`${office.url}/export/${dataset}.${format}?from=${range.from}&to=${range.to}`, { headers: { cookie } });
        expect(res.status, `${dataset}.${format}`).toBe(200);
      }
    }

    // The ledger: every real event exactly once and projected; each hostile one stored once, with its reason when refused.
    await office.stop();
    expect(office.exitCode()).toBe(0);
    const officeDb = new Database(join(dir.path, 'office', 'office.db'), { readonly: true });
    try {
      const ledger = databaseUrl ? await ledgerSnapshot(databaseUrl) : officeDb;
      buses.forEach((bus, b) => {
        const ids = ledger.prepare('SELECT id FROM event WHERE bus_id = ? AND rejected IS NULL ORDER BY seq').pluck().all(bus.busId);
        expect(ids).toEqual(real[b]);
      });
      const stored = ledger.prepare("SELECT seq, rejected FROM event WHERE bus_id = 'bus-x' ORDER BY seq").all() as { seq: number; rejected: string | null }[];
      expect(stored.map((s) => s.seq)).toEqual(hostile.map((_, k) => k + 1));
      stored.forEach((s, k) => expect(s.rejected !== null, `seq ${s.seq}`).toBe(!hostile[k]!.schemaValid));
      expect(stored.filter((s) => s.rejected !== null).every((s) => s.rejected!.length > 0)).toBe(true);
      // Projected: the real buses' read models are exactly those of their events alone.
      const projected = snapshot(officeDb, ['bus-a', 'bus-b']);
      expect(projected.p_trip!.length).toBe(2 * (10 + (secondHalf.length > 0 ? 5 : 0)));
      expect(projected).toEqual(await referenceModels(dir.path, ledger, ['bus-a', 'bus-b']));
      const mark = officeDb.prepare("SELECT event_rowid FROM projection_mark WHERE name = 'dashboard'").pluck().get();
      expect(mark).toBeGreaterThan(0);
      // The stolen ids were refused one by one.
      expect(officeDb.prepare("SELECT count(*) FROM projection_failure WHERE bus_id = 'bus-x'").pluck().get()).toBeGreaterThan(0);
      if (ledger !== officeDb) ledger.close();
    } finally {
      officeDb.close();
    }

    // It starts again cleanly over the same data, and serves.
    office = await startOfficeProcess(dir.path, broker.url, databaseUrl ? { database: { url: databaseUrl } } : {}, { strict: true });
    const again = await fetch(`${office.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: staff.clerk.username, password: staff.clerk.password }) });
    expect(again.status).toBe(200);
    expect(office.exitCode()).toBeNull();
  }, 300_000);
});

/** The PostgreSQL ledger's event table copied into an in-memory SQLite database, for the same checks. */
async function ledgerSnapshot(url: string): Promise<Database.Database> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ bus_id: string; seq: string; id: string; kind: string; at: string; payload: string; rejected: string | null }>(
      'SELECT bus_id, seq, id, kind, at, payload::text AS payload, rejected FROM event ORDER BY commit_order',
    );
    const db = new Database(':memory:');
    db.exec('CREATE TABLE event (bus_id TEXT, seq INTEGER, id TEXT, kind TEXT, at TEXT, payload TEXT, rejected TEXT)');
    const insert = db.prepare('INSERT INTO event VALUES (?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => rows.forEach((r) => insert.run(r.bus_id, Number(r.seq), r.id, r.kind, r.at, r.payload, r.rejected)))();
    return db;
  } finally {
    await client.end();
  }
}
