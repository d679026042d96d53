import { createReadStream } from 'node:fs';
import { NmeaDecoder } from '../../../hardware/gps/decoder.ts';
import { NmeaFramer } from '../../../hardware/gps/framer.ts';
import type { Fix } from '../../../hardware/gps/types.ts';
import { ManualClock } from '../../core/clock.ts';
import { TripRuntime } from '../../host/trip.ts';
import { ArrivalModel } from '../../predict/model.ts';
import { predictArrivals } from '../../predict/predict.ts';
import { loadRouteFile } from '../../route/geojson.ts';
import { Store } from '../../store/store.ts';
import { Tracker } from '../../trip/tracker.ts';
import type { TripEvent, TripState } from '../../trip/types.ts';
import { parseArgs, type Command } from '../command.ts';

export const replayCommand: Command = {
  name: 'replay',
  usage: `
usage: lianxin replay --route ROUTE.geojson [--state FILE] [--predict SECONDS] [NMEA_FILE|-]

Decodes NMEA (file, or stdin when absent or "-"), tracks the bus along the route and prints one
JSON line per trip event: {"type","stopId","lap","time","distance",...}, types approaching,
arrived, departed, passed (stops), passing (nodes), off_route, on_route.
  --state FILE       keep the tracker in a SQLite bus store (WAL, synchronous=FULL) across runs, as a
                     reboot on the bus would: the onboard trip runtime commits each batch of events
                     with the tracker snapshot and the learned arrival model, and saves the snapshot
                     every few seconds between them
  --predict SECONDS  also print, every SECONDS of GNSS time (1-3600) while the bus is placed on the
                     loop, one line per fixed stop with its next predicted arrival:
                     {"type":"prediction","time":ISO_made_at,"stopId":ID,"arrival":ISO_predicted}
`,
  async run(args, io) {
    const { values, positionals, unknown } = parseArgs(args, { values: ['route', 'state', 'predict'] });
    const every = values.predict === undefined ? null : Number(values.predict);
    const badPredict = every !== null && !(Number.isInteger(every) && every >= 1 && every <= 3600);
    if (unknown.length > 0 || positionals.length > 1 || !values.route || badPredict) {
      const why = unknown.length > 0 ? `unknown option ${unknown.join(' ')}` : !values.route ? '--route is required'
        : badPredict ? `--predict needs whole seconds from 1 to 3600, not "${values.predict}"` : 'one NMEA input at most';
      io.stderr.write(`replay: ${why}\n${this.usage}`);
      return 2;
    }
    const route = loadRouteFile(values.route);
    if (!route.ok) {
      io.stderr.write(`replay: ${route.error.message}\n`);
      return 1;
    }
    // With --state the bus's own runtime does the work: events, snapshot and model commit together.
    const print = (events: readonly TripEvent[]) => {
      for (const e of events) io.stdout.write(`${JSON.stringify(e)}\n`);
    };
    const clock = new ManualClock();
    let store: Store | null = null;
    let step: (fix: Fix) => void;
    let picture: () => TripState;
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
      step = (fix) => {
        if (fix.time) clock.set(fix.time);
        runtime.onFix(fix);
      };
      picture = () => runtime.state();
    } else {
      const tracker = new Tracker(route.value);
      const model = new ArrivalModel(route.value);
      step = (fix) => {
        const events = tracker.update(fix);
        model.learn(events);
        print(events);
      };
      picture = () => {
        const state = tracker.state();
        return state.time === null ? state : { ...state, arrivals: predictArrivals(model, state, state.time) };
      };
    }
    // Predictions at every multiple of SECONDS of GNSS time, so runs over the same data line up.
    let lastSlot = -Infinity;
    const onFix = every === null ? step : (fix: Fix) => {
      step(fix);
      const ms = fix.time === null ? NaN : Date.parse(fix.time);
      const slot = Math.floor(ms / (every * 1000));
      if (!(slot > lastSlot)) return;
      const state = picture();
      if (!state.arrivals?.length || state.time === null) return;
      lastSlot = slot;
      for (const a of state.arrivals) {
        if (a.kind !== 'stop') continue;
        io.stdout.write(`${JSON.stringify({ type: 'prediction', time: state.time, stopId: a.id, arrival: a.arrival })}\n`);
      }
    };
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
