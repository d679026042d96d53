import { chinaUtcOffsetMinutes, localDayHour } from '../core/local-time.ts';
import { isWorkingDay, type WorkCalendar } from '../services/desk/working-days.ts';

/** Traffic differs by the kind of day more than by the weekday: school runs, markets, shops. */
export type DayType = 'workday' | 'weekend' | 'holiday';

export const dayTypes: readonly DayType[] = ['workday', 'weekend', 'holiday'];

/** Where too few samples of a day type exist, the closest kind of day stands in first. */
export const similarDayType: Readonly<Record<DayType, DayType | null>> = { workday: null, weekend: 'holiday', holiday: 'weekend' };

export const emptyCalendar: WorkCalendar = { holidays: new Set(), makeUpWorkdays: new Set() };

export interface DayHour {
  dayType: DayType;
  /** Local hour 0..23. */
  hour: number;
}

/** The office's calendar decides: a listed holiday, a weekend (unless worked as 调休), else a working day. */
export function dayHourOf(ms: number, calendar: WorkCalendar, utcOffsetMinutes: number = chinaUtcOffsetMinutes): DayHour {
  const { day, hour } = localDayHour(new Date(ms), utcOffsetMinutes);
  if (calendar.holidays.has(day)) return { dayType: 'holiday', hour };
  return { dayType: isWorkingDay(day, calendar) ? 'workday' : 'weekend', hour };
}
