import { contentSchemas } from '../../sync/content.ts';
import { chinaUtcOffsetMinutes, localDayHour } from '../../core/local-time.ts';
import type { ApiDeps } from '../deps.ts';

/** The office's activity schedule, as the `activity-schedule` content it sends down. */
const scheduleKind = 'activity-schedule';

/** "HH:MM" in Beijing time, whatever zone the bus computer runs in. */
const localClock = (iso: string) => new Date(Date.parse(iso) + chinaUtcOffsetMinutes * 60_000).toISOString().slice(11, 16);

/** Today's activities on board (talks, free clinics, residents' meetings) for the resident home view. */
export function activitiesApi({ uplink, clock }: Pick<ApiDeps, 'uplink' | 'clock'>) {
  return {
    /** Today's activities in start order, local start (and end) time "HH:MM", with the place when given; none before the office sent a schedule. */
    async activitiesToday() {
      const today = localDayHour(clock.now()).day;
      const stored = uplink.downlink.content(scheduleKind);
      const parsed = stored ? contentSchemas[scheduleKind].safeParse(stored.body) : null;
      const activities = (parsed?.success ? parsed.data.activities : [])
        .filter((a) => localDayHour(new Date(a.start)).day === today)
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
        .map((a) => ({
          id: a.id,
          start: a.start,
          time: localClock(a.start),
          endTime: a.end ? localClock(a.end) : null,
          title: { zh: a.title.zh, en: a.title.en ?? a.title.zh },
          place: a.place ? { zh: a.place.zh, en: a.place.en ?? a.place.zh } : null,
        }));
      return { day: today, version: stored?.version ?? null, activities };
    },
  };
}
