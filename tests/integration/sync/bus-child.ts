// A bus process for the kill tests: drains the outbox at argv[2] to the broker at argv[3] and keeps
// recording events while it does; prints "online" once connected and "added <seq> <id>" after each
// committed write, so the test knows what must reach the office.
import { outboxPriority } from '../../../src/store/outbox.ts';
import { fast, openBusStore, startUplink } from './rig.ts';

const [path, url] = process.argv.slice(2) as [string, string];
const store = openBusStore(path);
const uplink = startUplink(store, url);
uplink.changes.on((status) => {
  if (status.link === 'online') console.log('online');
});
let n = 0;
// Bursts as a service day produces them (tickets, counts), so the outbox never runs dry while draining.
setInterval(() => {
  const rows = store.withTransaction(() =>
    Array.from({ length: 50 }, () =>
      store.outbox.add({ kind: 'ticket', at: new Date().toISOString(), payload: { n: n++ }, priority: outboxPriority.resident }),
    ),
  );
  for (const row of rows) console.log(`added ${row.seq} ${row.id}`);
}, fast.maintenanceMs / 10);
