import type { Store } from '../../store/store.ts';
import type { Attribution } from './stop-context.ts';

export type CountSource = 'counter' | 'tally';

export interface CountRow extends Attribution {
  id: string;
  at: string;
  day: string;
  hour: number;
  source: CountSource;
  door: number | null;
  /** Negative only for a driver's correction of a boarding. */
  boarded: number;
  alighted: number;
  /** Passengers on board after this count. */
  occupancy: number;
}

export interface Adjustment {
  kind: 'clamp' | 'correction';
  /** clamp: passengers the occupancy could not lose; correction: the signed change the driver made. */
  amount: number;
  occupancyBefore: number;
  occupancyAfter: number;
}

export interface StopTotals {
  lap: number | null;
  stopId: string | null;
  afterStopId: string | null;
  betweenStops: boolean;
  boarded: number;
  alighted: number;
}

export interface HourTotals {
  hour: number;
  boarded: number;
  alighted: number;
}

const occupancyKey = 'ridership.occupancy';

/** The ridership tables (migration 002); every method runs inside the caller's transaction. */
export class RidershipStore {
  constructor(private readonly store: Store) {}

  occupancy(): number {
    return Number(this.store.getState(occupancyKey) ?? 0);
  }

  insert(row: CountRow, adjustments: readonly Adjustment[]): void {
    const db = this.store.db;
    db.prepare(
      `INSERT INTO ridership_count (id, at, local_day, local_hour, lap, stop_id, after_stop_id, between_stops,
         source, door, boarded, alighted, occupancy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.id, row.at, row.day, row.hour, row.lap, row.stopId, row.afterStopId, row.betweenStops ? 1 : 0,
      row.source, row.door, row.boarded, row.alighted, row.occupancy,
    );
    const adjust = db.prepare(
      `INSERT INTO ridership_adjustment (count_id, at, kind, amount, occupancy_before, occupancy_after)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const a of adjustments) adjust.run(row.id, row.at, a.kind, a.amount, a.occupancyBefore, a.occupancyAfter);
    this.store.setState(occupancyKey, String(row.occupancy));
  }

  /** Totals per lap and stop for one local day (stretches between stops are their own rows). */
  byStopAndLap(day: string): StopTotals[] {
    return this.grouped(day, 'lap, stop_id, after_stop_id, between_stops', 'lap, between_stops, stop_id, after_stop_id');
  }

  /** Totals per stop over the whole day, all laps together. */
  byStop(day: string): StopTotals[] {
    return this.grouped(day, 'stop_id, after_stop_id, between_stops', 'between_stops, stop_id, after_stop_id').map((r) => ({
      ...r,
      lap: null,
    }));
  }

  byHour(day: string): HourTotals[] {
    return this.store.db
      .prepare(
        `SELECT local_hour AS hour, sum(boarded) AS boarded, sum(alighted) AS alighted
         FROM ridership_count WHERE local_day = ? GROUP BY local_hour ORDER BY local_hour`,
      )
      .all(day) as HourTotals[];
  }

  adjustments(day: string): (Adjustment & { countId: string; at: string })[] {
    return this.store.db
      .prepare(
        `SELECT a.count_id AS countId, a.at, a.kind, a.amount, a.occupancy_before AS occupancyBefore,
                a.occupancy_after AS occupancyAfter
         FROM ridership_adjustment a JOIN ridership_count c ON c.id = a.count_id
         WHERE c.local_day = ? ORDER BY a.id`,
      )
      .all(day) as (Adjustment & { countId: string; at: string })[];
  }

  private grouped(day: string, groupBy: string, orderBy: string): StopTotals[] {
    const rows = this.store.db
      .prepare(
        `SELECT lap, stop_id, after_stop_id, between_stops, sum(boarded) AS boarded, sum(alighted) AS alighted
         FROM ridership_count WHERE local_day = ? GROUP BY ${groupBy} ORDER BY ${orderBy}`,
      )
      .all(day) as { lap: number; stop_id: string | null; after_stop_id: string | null; between_stops: number; boarded: number; alighted: number }[];
    return rows.map((r) => ({
      lap: r.lap,
      stopId: r.stop_id,
      afterStopId: r.after_stop_id,
      betweenStops: r.between_stops === 1,
      boarded: r.boarded,
      alighted: r.alighted,
    }));
  }
}
