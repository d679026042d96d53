import { z } from 'zod';
import { ok } from '../../core/result.ts';
import type { ApiDeps } from '../deps.ts';
import { parseInput } from '../input.ts';

const tallyInput = z.strictObject({ action: z.enum(['board', 'unboard', 'alight']) });
const byStopInput = z.strictObject({
  /** Local calendar day YYYY-MM-DD; default today. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  perLap: z.boolean().optional(),
});
const dayInput = z.strictObject({
  /** Local calendar day YYYY-MM-DD; default today. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});

/**
 * Ridership for the driver screen (tally buttons, occupancy) and the staff/office views (per stop,
 * per lap, per hour). Occupancy changes are pushed as LiveEvent `occupancy`.
 */
export function ridershipApi({ ridership, counter, config }: Pick<ApiDeps, 'ridership' | 'counter' | 'config'>) {
  return {
    /** Driver's tally: board = +1 boarding, unboard = −1 boarding (a correction), alight = +1 alighting. */
    async ridershipTally(input: z.input<typeof tallyInput>) {
      const parsed = parseInput(tallyInput, input);
      if (!parsed.ok) return parsed;
      const change = ridership.tally(parsed.value.action);
      return ok({ occupancy: change.occupancy, count: change.count, adjustments: change.adjustments });
    },

    /** Passengers on board now, the bus's capacity, which doors are open, and the counter's health. */
    async ridershipOccupancy() {
      return {
        occupancy: ridership.occupancy(),
        capacity: config.counter.capacity,
        doorsOpen: ridership.doorsOpen(),
        counter: counter?.status() ?? null,
      };
    },

    /** Boardings and alightings per stop for a day; `perLap` splits them by lap. Between-stop rows are flagged. */
    async ridershipByStop(input?: z.input<typeof byStopInput>) {
      const parsed = parseInput(byStopInput, input);
      if (!parsed.ok) return parsed;
      const day = parsed.value.day ?? ridership.today();
      return ok({ day, rows: parsed.value.perLap ? ridership.byStopAndLap(day) : ridership.byStop(day) });
    },

    /** Boardings and alightings for each of the 24 local hours of a day (zeros included). */
    async ridershipByHour(input?: z.input<typeof dayInput>) {
      const parsed = parseInput(dayInput, input);
      if (!parsed.ok) return parsed;
      const day = parsed.value.day ?? ridership.today();
      const counted = new Map(ridership.byHour(day).map((h) => [h.hour, h]));
      const hours = Array.from({ length: 24 }, (_, hour) => counted.get(hour) ?? { hour, boarded: 0, alighted: 0 });
      return ok({ day, hours });
    },

    /** The day's occupancy clamps and driver corrections, for the office's data-quality view. */
    async ridershipAdjustments(input?: z.input<typeof dayInput>) {
      const parsed = parseInput(dayInput, input);
      if (!parsed.ok) return parsed;
      const day = parsed.value.day ?? ridership.today();
      return ok({ day, adjustments: ridership.adjustments(day) });
    },
  };
}
