import { contentSchemas } from '../../sync/content.ts';
import { chinaUtcOffsetMinutes, localDayHour } from '../../core/local-time.ts';
import type { ApiDeps } from '../deps.ts';

/** The office's activity schedule, as the `activity-schedule` content it sends down. */
const scheduleKind = 'activity-schedule';

/** Today's activities on board (talks, free clinics, residents' meetings) for the resident home view. */
export function activitiesApi({ uplink, clock }: Pick<ApiDeps, 'uplink' | 'clock'>) {
  return {
    /** Today's activities in start order, local start time "HH:MM"; none before the office sent a schedule. */
    async activitiesToday() {
      const today = localDayHour(clock.now()).day;
      const stored = uplink.downlink.content(scheduleKind);
      const parsed = stored ? contentSchemas[scheduleKind].safeParse(stored.body) : null;
      const activities = (parsed?.success ? parsed.data.activities : [])
        .filter((a) => localDayHour(new Date(a.start)).day === today)
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
        .map((a) => {
          const local = new Date(Date.parse(a.start) + chinaUtcOffsetMinutes * 60_000).toISOString();
          return { id: a.id, start: a.start, time: local.slice(11, 16), title: { zh: a.title.zh, en: a.title.en ?? a.title.zh } };
        });
      return { day: today, version: stored?.version ?? null, activities };
    },
  };
}
