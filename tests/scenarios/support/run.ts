/** Runs a trace through a tracker (ours, with a reboot where the scenario has one) or the naive geofence. */
import { unwrap } from '../../../src/core/result.ts';
import { Tracker } from '../../../src/trip/tracker.ts';
import type { TripEvent } from '../../../src/trip/types.ts';
import { NaiveGeofence } from './naive.ts';
import type { Trace } from './scenarios.ts';

export function runOurs(trace: Trace): TripEvent[] {
  const events: TripEvent[] = [];
  let tracker = new Tracker(trace.route);
  const restart = trace.scenario.restart;
  const cutMs = restart ? trace.drive.startMs + restart.atS * 1000 : Infinity;
  const backMs = restart ? cutMs + restart.rebootS * 1000 : Infinity;
  let saved: string | null = null;
  for (const fix of trace.fixes) {
    const ms = Date.parse(fix.time!);
    if (ms >= cutMs && ms < backMs) {
      saved ??= tracker.snapshot();
      continue;
    }
    if (saved !== null && ms >= backMs) {
      // A fresh process: only the saved JSON survives the power cut.
      tracker = unwrap(Tracker.restore(trace.route, saved));
      saved = null;
    }
    events.push(...tracker.update(fix));
  }
  return events;
}

export function runNaive(trace: Trace): TripEvent[] {
  const naive = new NaiveGeofence(trace.route);
  return trace.fixes.flatMap((fix) => naive.update(fix));
}
