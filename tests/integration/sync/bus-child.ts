// A bus process for the kill tests: drains the outbox at argv[2] to the broker at argv[3] and keeps
// recording events while it does; prints "online" once connected and "added <seq> <id>" after each
// committed write, so the test knows what must reach the office.
// It imports only what a bus runs, so it starts quickly.
import { wirePayload } from '../../helpers/wire-payloads.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { outboxPriority } from '../../../src/store/outbox.ts';
import { Store } from '../../../src/store/store.ts';
import { Uplink } from '../../../src/sync/uplink.ts';
import { fast, mqttFor } from './settings.ts';

const [path, url] = process.argv.slice(2) as [string, string];
const store = unwrap(Store.open(path, systemClock));
const uplink = new Uplink({ store, busId: 'bus-a', mqtt: mqttFor(url, 'bus-a'), clock: systemClock, ...fast });
uplink.start();
uplink.changes.on((status) => {
  if (status.link === 'online') console.log('online');
});
let n = 0;
// Bursts as a service day produces them (tickets, counts), so the outbox never runs dry while draining.
setInterval(() => {
  const rows = store.withTransaction(() =>
    Array.from({ length: 50 }, () =>
      store.outbox.add({ kind: 'ticket', at: new Date().toISOString(), payload: wirePayload('ticket', n++), priority: outboxPriority.resident }),
    ),
  );
  for (const row of rows) console.log(`added ${row.seq} ${row.id}`);
}, fast.maintenanceMs / 10);
