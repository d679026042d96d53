import { createReadStream } from 'node:fs';
import { NmeaDecoder } from '../../../hardware/gps/decoder.ts';
import { NmeaFramer } from '../../../hardware/gps/framer.ts';
import type { Fix } from '../../../hardware/gps/types.ts';
import { ManualClock } from '../../core/clock.ts';
import { TripRuntime } from '../../host/trip.ts';
import { loadRouteFile } from '../../route/geojson.ts';
import { Store } from '../../store/store.ts';
import { Tracker } from '../../trip/tracker.ts';
import type { TripEvent } from '../../trip/types.ts';
import { parseArgs, type Command } from '../command.ts';

export const replayCommand: Command = {
  name: 'replay',
  summary: 'run the trip tracker over NMEA as fast as possible; one JSON line per trip event',
  usage: `
usage: lianxin replay --route ROUTE.geojson [--state FILE] [NMEA_FILE|-]

Decodes NMEA (file, or stdin when absent or "-"), tracks the bus along the route and prints one
JSON line per trip event: {"type","stopId","lap","time","distance",...}, types approaching,
arrived, departed, passed (stops), passing (nodes), off_route, on_route.
  --state FILE    keep the tracker in a SQLite bus store (WAL, synchronous=FULL) across runs, as a
                  reboot on the bus would: the onboard trip runtime commits each batch of events
                  with the tracker snapshot, and saves the snapshot every few seconds between them
`,
  async run(args, io) {
    const { values, positionals, unknown } = parseArgs(args, { values: ['route', 'state'] });
    if (unknown.length > 0 || positionals.length > 1 || !values.route) {
      io.stderr.write(`replay: ${unknown.length > 0 ? `unknown option ${unknown.join(' ')}` : !values.route ? '--route is required' : 'one NMEA input at most'}\n${this.usage}`);
      return 2;
    }
    const route = loadRouteFile(values.route);
    if (!route.ok) {
      io.stderr.write(`replay: ${route.error.message}\n`);
      return 1;
    }
    // With --state the bus's own runtime does the work: events and snapshot commit together.
    const print = (events: readonly TripEvent[]) => {
      for (const e of events) io.stdout.write(`${JSON.stringify(e)}\n`);
    };
    const clock = new ManualClock();
    let store: Store | null = null;
    let onFix: (fix: Fix) => void;
    if (values.state) {
      const opened = Store.open(values.state, clock);
      if (!opened.ok) {
        io.stderr.write(`replay: ${opened.error.message}\n`);
        return 1;
      }
      store = opened.value;
      const runtime = new TripRuntime(route.value, store);
      if (runtime.restoreNote) io.stderr.write(`replay: starting afresh: ${runtime.restoreNote}\n`);
      runtime.changes.on(({ events }) => print(events));
      onFix = (fix) => {
        if (fix.time) clock.set(fix.time);
        runtime.onFix(fix);
      };
    } else {
      const tracker = new Tracker(route.value);
      onFix = (fix) => print(tracker.update(fix));
    }
    const decoder = new NmeaDecoder(onFix);
    const framer = new NmeaFramer();
    const input = positionals.length === 0 || positionals[0] === '-' ? io.stdin : createReadStream(positionals[0]!);
    try {
      for await (const chunk of input) {
        framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer), (line) => decoder.push(line));
      }
      decoder.flush();
    } catch (error) {
      io.stderr.write(`replay: cannot read ${positionals[0] ?? 'stdin'}: ${(error as Error).message}\n`);
      return 1;
    } finally {
      store?.close();
    }
    return 0;
  },
};
