import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.ts';
import { ok, unwrap } from '../../../src/core/result.ts';
import { officeParts } from '../../../src/office/app.ts';
import { PostgresLedger } from '../../../src/office/ledger/postgres.ts';
import type { EventLedger } from '../../../src/office/ledger/types.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import type { Envelope } from '../../../src/protocol/envelope.ts';
import { startPostgres, type PostgresServer } from '../../helpers/postgres.ts';
import { tempDir } from '../../helpers/temp.ts';

const envelope = (busId: string, seq: number, kind = 'count', payload: unknown = { n: seq }, id?: string): Envelope => ({
  v: 1,
  id: id ?? `0190a1b2-0000-7000-8000-${busId.slice(-1)}${String(seq).padStart(11, '0')}`,
  busId,
  seq,
  kind,
  at: `2026-11-23T02:${String(seq % 60).padStart(2, '0')}:00.000Z`,
  payload,
});

let server: PostgresServer;
const dir = tempDir();
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => {
  server?.stop();
  dir.cleanup();
});

const opened: OfficeStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

let files = 0;
const backends: [string, () => Promise<EventLedger>][] = [
  ['SQLite', async () => {
    const store = unwrap(await OfficeStore.open(join(dir.path, `office-${++files}.db`), new ManualClock('2026-11-23T02:00:00Z')));
    opened.push(store);
    return store.ledger;
  }],
  ['PostgreSQL', async () => {
    const store = unwrap(await OfficeStore.open(join(dir.path, `office-${++files}.db`), new ManualClock(), await server.freshDatabase()));
    opened.push(store);
    return store.ledger;
  }],
];

describe.each(backends)('office ledger on %s', (_name, openLedger) => {
  it('commits each event once: a redelivery is a duplicate, another event under a known seq or id a conflict', async () => {
    const ledger = await openLedger();
    expect(await ledger.commitBatch([envelope('bus-a', 1), envelope('bus-a', 2), envelope('bus-a', 1)])).toEqual(['committed', 'committed', 'duplicate']);
    expect(await ledger.commitBatch([envelope('bus-a', 2), envelope('bus-a', 2, 'count', {}, '0190a1b2-0000-7000-8000-ffffffffffff')])).toEqual(['duplicate', 'conflict']);
    // A known id under another seq is a conflict too, and nothing of it is stored.
    expect(await ledger.commitBatch([envelope('bus-a', 3, 'count', {}, envelope('bus-a', 1).id)])).toEqual(['conflict']);
    expect((await ledger.events({ busId: 'bus-a' })).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('acknowledges only the contiguous run of seqs, and moves on when a gap is filled', async () => {
    const ledger = await openLedger();
    await ledger.commitBatch([1, 2, 4, 5].map((seq) => envelope('bus-a', seq)));
    await ledger.commitBatch([envelope('bus-b', 2)]);
    expect(await ledger.makeDurable('bus-a')).toBe(2);
    expect(await ledger.makeDurable('bus-b')).toBe(0);
    await ledger.commitBatch([envelope('bus-a', 3)]);
    expect(await ledger.makeDurable('bus-a')).toBe(5);
    const links = await ledger.fleetLinks();
    expect(links.map((l) => [l.busId, l.committedSeq, l.maxSeq])).toEqual([
      ['bus-a', 5, 5],
      ['bus-b', 0, 2],
    ]);
    expect(links[1]!.oldestGapAt).toBe(envelope('bus-b', 2).at);
    expect(links[0]!.lastEventAt).toBe(envelope('bus-a', 5).at);
  });

  it('moves up to the floor a bus reports when restored from an older state, counting what it never got back', async () => {
    const ledger = await openLedger();
    await ledger.commitBatch([1, 2, 3, 5, 7, 12].map((seq) => envelope('bus-a', seq)));
    expect(await ledger.makeDurable('bus-a')).toBe(3);
    expect(await ledger.raiseFloor('bus-a', 2)).toBeNull();
    expect(await ledger.raiseFloor('bus-a', 10)).toEqual({ from: 4, to: 10, missing: 5 });
    // Acks go on from the floor, through what was already held above it.
    await ledger.commitBatch([envelope('bus-a', 11)]);
    expect(await ledger.makeDurable('bus-a')).toBe(12);
    expect(await ledger.raiseFloor('bus-new', 4)).toEqual({ from: 1, to: 4, missing: 4 });
    expect(await ledger.makeDurable('bus-new')).toBe(4);
  });

  it('takes a new stream as the bus’s current one whether its first event or a status with a floor announces it', async () => {
    const ledger = await openLedger();
    const epochs = { first: 'a'.repeat(32), second: 'b'.repeat(32), third: 'c'.repeat(32) };
    await ledger.commitBatch([1, 2].map((seq) => ({ ...envelope('bus-a', seq), epoch: epochs.first })));
    expect(await ledger.currentEpoch('bus-a')).toBe(epochs.first);
    expect(await ledger.makeDurable('bus-a', epochs.first)).toBe(2);
    // The recreated database's first event: seq 1 again, in its own stream.
    await ledger.commitBatch([{ ...envelope('bus-a', 1, 'count', { n: 1 }, '0190a1b2-0000-7000-8000-b00000000001'), epoch: epochs.second }]);
    expect(await ledger.currentEpoch('bus-a')).toBe(epochs.second);
    expect(await ledger.makeDurable('bus-a', epochs.second)).toBe(1);
    // A status of a third stream, floor 3, before any of its events arrived.
    expect(await ledger.raiseFloor('bus-a', 3, epochs.third)).toEqual({ from: 1, to: 3, missing: 3 });
    expect(await ledger.currentEpoch('bus-a')).toBe(epochs.third);
    await ledger.commitBatch([{ ...envelope('bus-a', 4, 'count', { n: 4 }, '0190a1b2-0000-7000-8000-c00000000004'), epoch: epochs.third }]);
    expect(await ledger.makeDurable('bus-a', epochs.third)).toBe(4);
    expect((await ledger.buses()).find((bus) => bus.busId === 'bus-a')).toMatchObject({ epoch: epochs.third, committedSeq: 4 });
  });

  it('reads events in commit order past a cursor, and one kind in (bus, seq) pages', async () => {
    const ledger = await openLedger();
    await ledger.commitBatch([envelope('bus-b', 1, 'ticket'), envelope('bus-a', 2), envelope('bus-a', 1)]);
    await ledger.commitBatch([envelope('bus-a', 3, 'ticket')]);
    const all = await ledger.eventsAfter(0, 10);
    expect(all.map((r) => `${r.busId}/${r.id.slice(-3)}`)).toEqual(['bus-b/001', 'bus-a/002', 'bus-a/001', 'bus-a/003']);
    expect(all.map((r) => r.cursor)).toEqual([...all.map((r) => r.cursor)].sort((a, b) => a - b));
    expect(await ledger.eventsAfter(all[1]!.cursor, 1)).toEqual([all[2]]);
    expect(JSON.parse(all[0]!.payload)).toEqual({ n: 1 });
    const tickets = await ledger.kindPage('ticket', null, 1);
    expect(tickets.map((e) => [e.busId, e.seq])).toEqual([['bus-a', 3]]);
    expect((await ledger.kindPage('ticket', { busId: 'bus-a', seq: 3 }, 10)).map((e) => [e.busId, e.seq])).toEqual([['bus-b', 1]]);
    expect(await ledger.kindCounts()).toEqual([
      { kind: 'count', events: 2 },
      { kind: 'ticket', events: 2 },
    ]);
  });

  it('keeps payloads as sent: Chinese text, an escaped NUL, nested values', async () => {
    const ledger = await openLedger();
    const payload = { text: '路灯坏了\u0000请修', nested: { list: [1, '二', null] }, emoji: '🚌' };
    expect(await ledger.commitBatch([envelope('bus-a', 1, 'comment', payload)])).toEqual(['committed']);
    const [event] = await ledger.events({ kind: 'comment' });
    expect(event).toMatchObject({ busId: 'bus-a', seq: 1, kind: 'comment', payload });
    expect(Date.parse(event!.receivedAt)).not.toBeNaN();
  });

  it('gives each event of a large batch its own outcome, however new, redelivered and clashing events mix in it', async () => {
    const ledger = await openLedger();
    const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => envelope('bus-a', from + i));
    expect(await ledger.commitBatch(seqs(1, 40))).toEqual(Array(40).fill('committed'));
    const clash = envelope('bus-a', 81, 'count', {}, envelope('bus-a', 5).id);
    const outcomes = await ledger.commitBatch([...seqs(30, 80), clash, envelope('bus-a', 60), ...seqs(82, 120), envelope('bus-a', 120)]);
    expect(outcomes).toEqual([
      ...Array(11).fill('duplicate'),
      ...Array(40).fill('committed'),
      'conflict',
      'duplicate',
      ...Array(39).fill('committed'),
      'duplicate',
    ]);
    expect((await ledger.events({ busId: 'bus-a' })).map((e) => e.seq)).toEqual([...Array.from({ length: 80 }, (_, i) => i + 1), ...Array.from({ length: 39 }, (_, i) => i + 82)]);
    expect(await ledger.makeDurable('bus-a')).toBe(80);
  });

  it('stores the payload text given with an event as it is (the receiver passes it as received)', async () => {
    const ledger = await openLedger();
    const text = '{"text": "路灯\\u574f了", "n": 1.50, "list": [ 1, "}" ]}';
    const payload = JSON.parse(text) as unknown;
    expect(await ledger.commitBatch([envelope('bus-a', 1, 'comment', payload), envelope('bus-a', 2)], [text, '{"n":2}'])).toEqual(['committed', 'committed']);
    expect((await ledger.events({ busId: 'bus-a' })).map((e) => e.payload)).toEqual([payload, { n: 2 }]);
    expect((await ledger.eventsAfter(0, 10)).map((row) => row.payload)).toEqual([text, '{"n":2}']);
  });

  it('records bus status, live position, quarantine and published downlinks', async () => {
    const ledger = await openLedger();
    await ledger.setOnline('bus-a', true);
    await ledger.setPosition('bus-a', { lat: 36.0, lon: 120.1 });
    await ledger.setOnline('bus-a', false);
    const [link] = await ledger.fleetLinks();
    expect(link).toMatchObject({ busId: 'bus-a', online: false, committedSeq: 0 });
    expect(JSON.parse(link!.position!)).toEqual({ lat: 36.0, lon: 120.1 });
    await ledger.quarantine('lianxin/v1/bus/bus-a/up/count', 'not JSON', Buffer.from([0xff, 0x00]));
    expect(await ledger.quarantined()).toEqual([{ busId: 'bus-a', topic: 'lianxin/v1/bus/bus-a/up/count', reason: 'not JSON', receivedAt: expect.any(String) }]);
    for (const [n, version] of [[1, 3], [2, 5]] as const) {
      await ledger.recordDownlink({ id: `d-${n}`, target: 'fleet', kind: 'policy-handbook', version, body: { n } });
    }
    await ledger.recordDownlink({ id: 'd-3', target: 'bus-a', kind: 'case', version: null, body: { reply: '已修好' } });
    expect(await ledger.publishedVersion('fleet', 'policy-handbook')).toBe(5);
    expect(await ledger.publishedVersion('bus-a', 'policy-handbook')).toBe(0);
    const since = await ledger.publishedSince('bus-a', 'case', '2000-01-01T00:00:00Z');
    expect(since.map((b) => JSON.parse(b))).toEqual([{ reply: '已修好' }]);
  });
});

describe('office ledger shared by several receivers (PostgreSQL)', () => {
  it('gives every commit a cursor above all earlier commits and one contiguous ack, whichever receiver committed', async () => {
    const url = await server.freshDatabase();
    const ledgers = [await PostgresLedger.open(url), await PostgresLedger.open(url), await PostgresLedger.open(url)];
    try {
      // Three receivers commit interleaved seqs of two buses at the same time, 40 batches each,
      // while a projection reads past its high-water mark as the dashboard does.
      let writing = true;
      const projected: number[] = [];
      const reader = (async () => {
        let mark = 0;
        while (writing || projected.length < 720) {
          const page = await ledgers[0]!.eventsAfter(mark, 50);
          for (const row of page) projected.push(row.cursor);
          mark = page.at(-1)?.cursor ?? mark;
          if (!writing && page.length === 0) break;
        }
      })();
      await Promise.all(
        ledgers.map(async (ledger, r) => {
          for (let b = 0; b < 40; b++) {
            const seqs = [1, 2, 3].map((k) => b * 9 + r * 3 + k);
            await ledger.commitBatch(seqs.flatMap((seq) => [envelope('bus-a', seq), envelope('bus-b', seq)]));
          }
        }),
      );
      writing = false;
      await reader;
      const rows = await ledgers[0]!.eventsAfter(0, 10_000);
      expect(rows).toHaveLength(720);
      // A commit that got a lower cursor but became visible later would have been passed over.
      expect(projected).toEqual(rows.map((r) => r.cursor));
      // Each batch's rows are consecutive in commit order: no other commit got in between.
      const batchOf = (row: { busId: string; id: string }) => Math.floor((Number(row.id.slice(-11)) - 1) / 3);
      for (let k = 0; k < rows.length; k += 6) expect(new Set(rows.slice(k, k + 6).map(batchOf)).size).toBe(1);
      expect(await ledgers[1]!.makeDurable('bus-a')).toBe(360);
      expect(await ledgers[2]!.makeDurable('bus-b')).toBe(360);
      // An ack computed by a receiver that saw less never moves the stored one back.
      expect(await ledgers[0]!.makeDurable('bus-a')).toBe(360);
    } finally {
      await Promise.all(ledgers.map((l) => l.close()));
    }
  });

  it('feeds the dashboard: its read models project from the shared ledger and the fleet reads it', async () => {
    const clock = new ManualClock('2026-11-20T02:30:00Z');
    const store = unwrap(await OfficeStore.open(join(dir.path, 'dashboard-pg.db'), clock, await server.freshDatabase()));
    opened.push(store);
    const { deps } = officeParts(store, clock, { publishCaseUpdate: async () => ok(null), publishContent: async () => ok(null) }, null, null);
    const count = (seq: number, boarded: number) =>
      envelope('bus-a', seq, 'count', { id: `c${seq}`, at: '2026-11-20T02:00:00Z', lap: 1, stopId: 'furonglu-center', boarded, alighted: 0 });
    await store.ledger.commitBatch([count(1, 3), count(2, 4)]);
    await store.ledger.commitBatch([envelope('bus-a', 3, 'comment', { id: 'k1', reference: 'K7P2QX', at: '2026-11-20T02:10:00Z', category: 'help', text: '楼道灯坏了' })]);
    await store.ledger.makeDurable('bus-a');
    expect(await deps.projector.catchUp()).toBe(3);
    expect(await deps.projector.catchUp()).toBe(0);
    expect(deps.queries.ridership({ from: '2026-11-20', to: '2026-11-20' }).byStop).toEqual([{ stopId: 'furonglu-center', boarded: 7, alighted: 0 }]);
    expect(deps.queries.cases({ reveal: false }).map((c) => c.reference)).toEqual(['K7P2QX']);
    const [bus] = await deps.queries.fleet();
    expect(bus).toMatchObject({ busId: 'bus-a', committedSeq: 3, pendingBeyondGap: 0 });
  });

  it('refuses a database from a newer release untouched, and names the server but never the password', async () => {
    const url = await server.freshDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE lianxin_schema (version integer NOT NULL); INSERT INTO lianxin_schema VALUES (99)');
    await expect(PostgresLedger.open(url)).rejects.toThrow(/schema version 99, newer than this release/);
    const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.rows.map((r) => r.tablename)).toEqual(['lianxin_schema']);
    await client.end();

    const wrong = url.replace('lianxin-test', 'not-the-password');
    const refused = await OfficeStore.open(join(dir.path, 'refused.db'), new ManualClock(), wrong);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toContain(`127.0.0.1:${server.port}`);
      expect(refused.error.message).toMatch(/password authentication failed/);
      expect(refused.error.message).not.toContain('not-the-password');
    }
  });
});
