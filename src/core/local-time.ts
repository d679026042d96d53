/**
 * The line runs in Qingdao: China Standard Time, UTC+8 all year (no daylight saving), so a fixed
 * offset gives the office's calendar day and hour without a time-zone database on the bus.
 */
export const chinaUtcOffsetMinutes = 480;

export interface LocalDayHour {
  /** YYYY-MM-DD on the office's calendar. */
  day: string;
  /** 0..23. */
  hour: number;
}

export function localDayHour(at: Date, utcOffsetMinutes: number = chinaUtcOffsetMinutes): LocalDayHour {
  const shifted = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  return { day: shifted.toISOString().slice(0, 10), hour: shifted.getUTCHours() };
}
