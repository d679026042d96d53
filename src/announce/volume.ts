import { chinaUtcOffsetMinutes } from '../core/local-time.ts';

export interface VolumeSchedule {
  /** Local "HH:MM"; the quiet range may run over midnight (21:00–07:00). */
  quietFrom: string;
  quietTo: string;
  /** 0..1. */
  normal: number;
  quiet: number;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** The volume at an instant, by the line's local time (Beijing, UTC+8 all year). */
export function volumeAt(at: Date, schedule: VolumeSchedule): number {
  const local = (Math.floor(at.getTime() / 60_000) + chinaUtcOffsetMinutes) % 1440;
  const minute = (local + 1440) % 1440;
  const from = minutesOf(schedule.quietFrom);
  const to = minutesOf(schedule.quietTo);
  const quiet = from <= to ? minute >= from && minute < to : minute >= from || minute < to;
  return quiet ? schedule.quiet : schedule.normal;
}
