// A second writer on the bus database, as the running bus is beside `lianxin sync test-load`: appends
// 10 ticket rows per transaction every few milliseconds until killed. Prints "writing" after its
// first commit and "slowest <ms>" whenever a write waited longer than any before (the lock it waits on).
import { wirePayload } from '../../helpers/wire-payloads.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { outboxPriority } from '../../../src/store/outbox.ts';
import { Store } from '../../../src/store/store.ts';

const [path] = process.argv.slice(2) as [string];
const store = unwrap(Store.open(path, systemClock));
let n = 0;
let slowest = 0;
setInterval(() => {
  const started = performance.now();
  store.withTransaction(() => {
    for (let i = 0; i < 10; i++) {
      store.outbox.add({ kind: 'ticket', at: new Date().toISOString(), payload: wirePayload('ticket', n++), priority: outboxPriority.resident });
    }
  });
  const ms = performance.now() - started;
  if (n === 10) console.log('writing');
  if (ms > slowest) console.log(`slowest ${Math.round((slowest = ms))}`);
}, 5);
