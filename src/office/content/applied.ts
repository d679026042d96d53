import type Database from 'better-sqlite3';

/** Where one published version stands on one bus. */
export interface BusApplied {
  busId: string;
  /** applied: the bus shows it; superseded: the bus went straight to a newer one; waiting: not reported yet. */
  state: 'applied' | 'superseded' | 'waiting';
  at: string | null;
}

/**
 * For each published version, every bus it was for (one bus, or every bus the office knows for the
 * fleet) and whether that bus reported it applied, from the buses' downlink-applied events.
 */
export function withApplied<V extends { kind: string; version: number; target: string }>(db: Database.Database, versions: V[], busIds: string[]): (V & { buses: BusApplied[] })[] {
  const rows = db.prepare('SELECT bus_id AS busId, kind, version, applied_at AS at FROM p_downlink_applied WHERE version IS NOT NULL').all() as {
    busId: string;
    kind: string;
    version: number;
    at: string;
  }[];
  const applied = new Map(rows.map((r) => [`${r.busId}\u0000${r.kind}\u0000${r.version}`, r.at]));
  const newest = new Map<string, number>();
  for (const r of rows) newest.set(`${r.busId}\u0000${r.kind}`, Math.max(newest.get(`${r.busId}\u0000${r.kind}`) ?? 0, r.version));
  return versions.map((v) => ({
    ...v,
    buses: (v.target === 'fleet' ? busIds : [v.target]).map((busId): BusApplied => {
      const at = applied.get(`${busId}\u0000${v.kind}\u0000${v.version}`);
      if (at) return { busId, state: 'applied', at };
      return { busId, state: (newest.get(`${busId}\u0000${v.kind}`) ?? 0) > v.version ? 'superseded' : 'waiting', at: null };
    }),
  }));
}
