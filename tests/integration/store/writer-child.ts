// Child process for the kill -9 test: writes trip events through the real Store as fast as it can
// and prints each one's number only after the write returned (what a screen would call "saved").
import { systemClock } from '../../../src/core/clock.ts';
import { Store } from '../../../src/store/store.ts';

const path = process.argv[2]!;
const opened = Store.open(path, systemClock);
if (!opened.ok) {
  console.error(opened.error.message);
  process.exit(3);
}
const store = opened.value;
let n = (store.db.prepare('SELECT count(*) FROM trip_event').pluck().get() as number) + 1;
console.log('ready');
for (;;) {
  const event = { type: 'passing', stopId: `node-${n % 7}`, lap: 1, time: new Date().toISOString(), distance: n, n };
  store.recordTripEvents(
    [event],
    { key: 'tracker', json: JSON.stringify({ n }) },
  );
  process.stdout.write(`saved ${n}\n`);
  n++;
}
