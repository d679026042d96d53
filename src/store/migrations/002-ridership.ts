import type { Migration } from '../migrate.ts';

/**
 * Boardings and alightings, one row per counter line or driver tally, with where the bus was.
 * Day and hour are local (office calendar) so the per-day and per-hour views are plain GROUP BYs.
 */
export const ridership: Migration = {
  name: 'ridership counts and occupancy adjustments',
  up(db) {
    db.exec(`
      CREATE TABLE ridership_count (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        local_day TEXT NOT NULL,
        local_hour INTEGER NOT NULL CHECK (local_hour BETWEEN 0 AND 23),
        lap INTEGER NOT NULL,
        stop_id TEXT,
        after_stop_id TEXT,
        between_stops INTEGER NOT NULL CHECK (between_stops IN (0, 1)),
        source TEXT NOT NULL CHECK (source IN ('counter', 'tally')),
        door INTEGER,
        boarded INTEGER NOT NULL,
        alighted INTEGER NOT NULL CHECK (alighted >= 0),
        occupancy INTEGER NOT NULL CHECK (occupancy >= 0)
      ) STRICT;
      CREATE INDEX ridership_count_day ON ridership_count (local_day, local_hour);
      CREATE TABLE ridership_adjustment (
        id INTEGER PRIMARY KEY,
        count_id TEXT NOT NULL REFERENCES ridership_count (id),
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('clamp', 'correction')),
        amount INTEGER NOT NULL,
        occupancy_before INTEGER NOT NULL,
        occupancy_after INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
