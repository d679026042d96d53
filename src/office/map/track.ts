import { localDayHour } from '../../core/local-time.ts';

/** One live fix as the map draws it: WGS-84, the bus's own time. */
export interface TrackPoint {
  lat: number;
  lon: number;
  time: string;
  speed?: number;
}

/** A day's track is thinned to this many points (a fix every 5 s for 14 h is ~10 000). */
const maxPointsPerBus = 4000;

/**
 * Each bus's track today from the live positions the office heard (QoS 0, never stored on the bus
 * nor here: after an office restart the track starts again). A fix from another day starts a new
 * track, so the map never joins yesterday's last fix to today's first.
 */
export class LiveTracks {
  private readonly byBus = new Map<string, { day: string; points: TrackPoint[] }>();

  add(busId: string, point: TrackPoint): void {
    const day = localDayHour(new Date(point.time)).day;
    let track = this.byBus.get(busId);
    if (!track || track.day < day) {
      track = { day, points: [] };
      this.byBus.set(busId, track);
    }
    if (track.day !== day) return;
    const last = track.points.at(-1);
    if (last && last.time >= point.time) return; // late or repeated QoS 0 delivery
    track.points.push({ lat: point.lat, lon: point.lon, time: point.time, ...(point.speed === undefined ? {} : { speed: point.speed }) });
    // Keep every other point of the older half: the shape stays, memory stays bounded.
    if (track.points.length > maxPointsPerBus) {
      const half = track.points.length >> 1;
      track.points = [...track.points.slice(0, half).filter((_, i) => i % 2 === 0), ...track.points.slice(half)];
    }
  }

  /** Today's points for a bus, oldest first; empty when none today. */
  today(busId: string, today: string): readonly TrackPoint[] {
    const track = this.byBus.get(busId);
    return track && track.day === today ? track.points : [];
  }
}
