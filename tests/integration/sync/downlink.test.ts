import mqtt from 'mqtt';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuidv7 } from '../../../src/core/ids.ts';
import type { DownlinkReport } from '../../../src/sync/downlink.ts';
import { topics } from '../../../src/protocol/topics.ts';
import type { Uplink } from '../../../src/sync/uplink.ts';
import type { Store } from '../../../src/store/store.ts';
import type { Mosquitto } from '../../helpers/mosquitto.ts';
import { tempDir, waitFor } from '../../helpers/temp.ts';
import { openBusStore, startBroker, startReceiver, startUplink } from './rig.ts';

const caseSchema = z.strictObject({ ticketId: z.string(), status: z.enum(['accepted', 'closed', 'explode']) });

describe('downlink: office content and case updates reach the bus (real mosquitto)', () => {
  const dir = tempDir();
  let broker: Mosquitto;
  let office: Awaited<ReturnType<typeof startReceiver>>;
  let bus: Store;
  let uplink: Uplink;
  const reports: DownlinkReport[] = [];
  const officePath = join(dir.path, 'office.db');
  const appliedAtOffice = () =>
    (office.store.db.prepare("SELECT payload FROM event WHERE kind = 'downlink-applied' ORDER BY seq").pluck().all() as string[]).map((p) => JSON.parse(p) as { kind: string; version: number | null });
  const waitReport = (n: number) => waitFor(() => reports.length >= n && reports[n - 1], `downlink report #${n}`);

  beforeAll(async () => {
    broker = await startBroker(dir.path);
    office = await startReceiver(officePath, broker.url);
    bus = openBusStore(join(dir.path, 'bus.db'));
    bus.db.exec('CREATE TABLE case_status (ticket_id TEXT PRIMARY KEY, status TEXT NOT NULL) STRICT');
    uplink = startUplink(bus, broker.url);
    uplink.downlink.reports.on((r) => reports.push(r));
    // What the service desk plugs in: an apply that writes its table, inside the dispatcher's transaction.
    uplink.downlink.registerDownlink('case', caseSchema, (body) => {
      bus.db.prepare('INSERT OR REPLACE INTO case_status VALUES (?, ?)').run(body.ticketId, body.status);
      if (body.status === 'explode') throw new Error('desk refused the update');
    });
    await waitFor(() => uplink.status().link === 'online', 'the bus to connect');
  });
  afterAll(async () => {
    await uplink.stop();
    bus.close();
    await office.receiver.stop();
    await office.store.close();
    await broker.stop();
    dir.cleanup();
  });

  it('applies content only when newer, fleet-wide or per bus', async () => {
    const texts = (zh: string) => ({ texts: { welcome: { zh } } });
    expect(await office.receiver.publishContent('fleet', 'announcements', 2, texts('欢迎乘坐连心线'))).toMatchObject({ ok: true });
    expect(await waitReport(1)).toMatchObject({ kind: 'announcements', outcome: 'applied' });
    expect(await office.receiver.publishContent('bus-a', 'announcements', 1, texts('旧版'))).toMatchObject({ ok: true });
    expect(await waitReport(2)).toMatchObject({ kind: 'announcements', outcome: 'stale' });
    expect(uplink.downlink.content('announcements')).toMatchObject({ version: 2, body: texts('欢迎乘坐连心线') });
    // The office refuses to send what the bus would reject.
    expect(await office.receiver.publishContent('fleet', 'announcements', 3, { texts: 'none' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await office.receiver.publishContent('fleet', 'announcements', 2, texts('x'))).toMatchObject({ ok: false, error: { code: 'not-newer' } });
    // What the bus applied goes up, so the office can say which version each bus shows; the stale one does not.
    await waitFor(() => appliedAtOffice().length === 1, 'the applied version reported to the office');
    expect(appliedAtOffice()).toEqual([{ id: expect.any(String), kind: 'announcements', version: 2 }]);
  });

  it('applies a case update once, rolls a failing one back whole, and reports rejections to the office', async () => {
    const before = reports.length;
    const update = { ticketId: 'T-0001', status: 'accepted' };
    expect(await office.receiver.publishCaseUpdate('bus-a', 'case', update)).toMatchObject({ ok: true });
    expect(await waitReport(before + 1)).toMatchObject({ kind: 'case', outcome: 'applied' });
    expect(bus.db.prepare('SELECT status FROM case_status WHERE ticket_id = ?').pluck().get('T-0001')).toBe('accepted');

    // Raw office publishes: a redelivered message, a failing apply, bad content, an unknown kind.
    const raw = await mqtt.connectAsync(broker.url, { protocolVersion: 5, username: 'office', password: 'office-secret', reconnectPeriod: 0 });
    const message = (kind: string, body: unknown, extra: object = {}) =>
      JSON.stringify({ v: 1, id: uuidv7(), kind, issuedAt: new Date().toISOString(), body, ...extra });
    const repeated = message('case', { ticketId: 'T-0002', status: 'closed' });
    const sent = [
      [topics.down('bus-a', 'case'), repeated],
      [topics.down('bus-a', 'case'), repeated],
      [topics.down('bus-a', 'case'), message('case', { ticketId: 'T-0003', status: 'explode' })],
      [topics.fleetDown('route'), message('route', { type: 'FeatureCollection', features: [] }, { version: 9 })],
      [topics.down('bus-a', 'mystery'), message('mystery', {})],
      [topics.down('bus-a', 'case'), 'garbage'],
    ] as const;
    for (const [topic, payload] of sent) await raw.publishAsync(topic, payload, { qos: 1 });
    await raw.endAsync();
    await waitReport(before + 1 + sent.length);
    expect(reports.slice(before + 1).map((r) => r.outcome)).toEqual(['applied', 'duplicate', 'rejected', 'rejected', 'rejected', 'rejected']);
    // The failing apply left nothing behind: no row, no "applied" mark.
    expect(bus.db.prepare('SELECT count(*) FROM case_status WHERE ticket_id = ?').pluck().get('T-0003')).toBe(0);
    expect(uplink.downlink.content('route')).toBeNull();
    // Each rejection went up as an event the office stores in its own view.
    await waitFor(() => (office.store.db.prepare('SELECT count(*) FROM event_downlink_rejected').pluck().get() as number) === 4, 'four rejections at the office');
    const reasons = (office.store.db.prepare('SELECT payload FROM event_downlink_rejected ORDER BY seq').pluck().all() as string[]).map(
      (p) => (JSON.parse(p) as { reason: string }).reason,
    );
    expect(reasons[0]).toMatch(/apply failed: desk refused/);
    expect(reasons[1]).toMatch(/kind = "route"/);
    expect(reasons[2]).toMatch(/unknown downlink kind mystery/);
    expect(reasons[3]).toMatch(/not JSON/);
    // The two case updates applied were reported once each (the redelivery and the rolled-back one not at all).
    await waitFor(() => appliedAtOffice().length === 3, 'the applied case updates reported');
    expect(appliedAtOffice().slice(1)).toEqual([expect.objectContaining({ kind: 'case', version: null }), expect.objectContaining({ kind: 'case', version: null })]);
  });
});
