import { z } from 'zod';

/**
 * Field types with the ranges the bus can really produce. The office reads every payload through
 * them, so a value outside them (a year 275760, a day 2026-02-30, a negative boarding of a million)
 * is refused before any projection does arithmetic on it.
 */

/** Instants and days the line can have seen: the service started after 2020; 2100 is far enough. */
export const earliestInstant = Date.UTC(2020, 0, 1);
export const latestInstant = Date.UTC(2100, 0, 1);

export const instant = z
  .string()
  .max(40)
  .datetime({ offset: true })
  .refine((text) => {
    const ms = Date.parse(text);
    return ms >= earliestInstant && ms < latestInstant;
  }, 'time outside 2020..2099');

/** A calendar day that exists (2026-02-29 does not), in the same window. */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD day')
  .refine((text) => {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return ms >= earliestInstant && ms < latestInstant && new Date(ms).toISOString().startsWith(text);
  }, 'not a real day in 2020..2099');

/** Entity ids (uuidv7 on the bus; tests and older releases use short names): no control or path characters. */
export const entityId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'not an id');

/** Stop and node ids come from the route file (GeoJSON or GTFS stop_id: any text): bounded, no control characters. */
export const placeId = z
  .string()
  .min(1)
  .max(128)
  .refine((id) => ![...id].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f'), 'not a stop id');

/** Bounded free text (resident comments are capped lower on the bus; this bounds what the office stores). */
export const text = (max: number) => z.string().max(max);

export const count = (min: number, max: number) => z.number().int().min(min).max(max);

/** Metres along or around the loop: a city loop is a few kilometres, 1000 km bounds any mistake. */
export const metres = z.number().finite().min(0).max(1_000_000);

export const names = z.looseObject({ zh: text(200).optional(), en: text(200).optional() });
