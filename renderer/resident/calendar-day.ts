import { beijingDate } from '../shared/beijing-time.ts';
import type { Lang } from '../shared/i18n.ts';

/** A calendar day the core sends as "YYYY-MM-DD" (a Beijing day), read at Beijing midnight so the weekday is that day's: "12月7日（周一）". */
export const calendarDay = (ymd: string, lang: Lang): string => beijingDate(`${ymd}T00:00:00+08:00`, lang);
