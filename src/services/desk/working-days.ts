/**
 * Working-day arithmetic on the office's calendar (YYYY-MM-DD days in China Standard Time).
 * Weekends are off unless listed as make-up working days (调休), and listed holidays are off.
 */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  /** Saturdays or Sundays the office works to make up for a holiday. */
  makeUpWorkdays: ReadonlySet<string>;
}

export function isWorkingDay(day: string, calendar: WorkCalendar): boolean {
  if (calendar.holidays.has(day)) return false;
  if (calendar.makeUpWorkdays.has(day)) return true;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The `n`-th working day after `day` (the day itself never counts): a small matter handed over on
 * Friday is due Monday, one handed over on Saturday is due Monday too.
 */
export function addWorkingDays(day: string, n: number, calendar: WorkCalendar): string {
  let at = new Date(`${day}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    at = new Date(at.getTime() + 86_400_000);
    if (isWorkingDay(at.toISOString().slice(0, 10), calendar)) left--;
  }
  return at.toISOString().slice(0, 10);
}
