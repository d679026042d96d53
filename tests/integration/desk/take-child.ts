// Child process for the desk kill -9 test: takes tickets through the desk API as fast as it can and
// prints each number only after the call returned — the moment a resident would see it on screen.
import { noPrinter } from '../../../hardware/printer/file-printers.ts';
import { deskApi } from '../../../src/api/areas/desk.ts';
import type { ApiDeps } from '../../../src/api/deps.ts';
import type { LiveEvent } from '../../../src/api/live.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { Emitter } from '../../../src/core/emitter.ts';
import { DeskService } from '../../../src/services/desk/desk-service.ts';
import { Store } from '../../../src/store/store.ts';

const path = process.argv[2]!;
// A fixed service day, so a run across midnight cannot restart the numbering mid-test.
const clock = new ManualClock('2026-11-23T02:00:00.000Z');
const opened = Store.open(path, clock);
if (!opened.ok) {
  console.error(opened.error.message);
  process.exit(3);
}
const store = opened.value;
const config = configSchema.parse({});
const desk = new DeskService({ store, clock, config: config.desk });
const api = deskApi({ desk, printer: noPrinter, live: new Emitter<LiveEvent>(), clock, config } as Partial<ApiDeps> as ApiDeps);
const items = ['policy-consult', 'pension-insurance', 'residence-permit'];
console.log('ready');
for (let n = 0; ; n++) {
  const taken = await api.deskTakeTicket({ itemId: items[n % items.length]!, priority: n % 5 === 0 ? 'elderly' : undefined, print: false });
  if (!taken.ok) {
    console.error(taken.error.message);
    process.exit(4);
  }
  process.stdout.write(`shown ${taken.value.ticket.number} ${taken.value.ticket.id}\n`);
  clock.advance(1);
}
