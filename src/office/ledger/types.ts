import type { Envelope } from '../../protocol/envelope.ts';
import type { QuarantineKey } from './quarantine-policy.ts';

/**
 * The office's ledger: every bus event exactly once per (bus, seq), the durable end-to-end ack
 * per bus, the buses' link state, the quarantine and the downlinks published. SQLite by default
 * (the same file as the dashboard); PostgreSQL when a fleet's receivers share one database.
 * Asynchronous because PostgreSQL is; the SQLite backend answers at once.
 */
export interface EventLedger {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * One transaction; each event's outcome in order (a redelivery is a duplicate, a clash a conflict).
   * `payloadJson[k]`, when given, is `envelopes[k].payload` as JSON text (as received), stored as it is.
   * `rejected[k]`, when not null, is why that payload fails its kind's schema: the event is stored
   * (its seq counts towards the ack) but marked, listed with the quarantine and never projected.
   */
  commitBatch(envelopes: readonly Envelope[], payloadJson?: readonly string[], rejected?: readonly (string | null)[]): Promise<CommitOutcome[]>;
  /**
   * Makes every commit so far durable and returns the bus's highest contiguous committed seq: the
   * only value that may be sent to the bus as its end-to-end ack.
   */
  makeDurable(busId: string, epoch?: string): Promise<number>;
  /** The stream the bus numbers in now ('' for the legacy stream): the one whose ack it waits for. */
  currentEpoch(busId: string): Promise<string>;
  setOnline(busId: string, online: boolean): Promise<void>;
  /**
   * The bus no longer holds any seq up to `floorSeq` (the office acknowledged them once). A ledger
   * whose contiguous seq is lower lost them (restored from an older backup): it moves up to the
   * floor, so new events are acknowledged again, and says which seqs it never got back.
   */
  raiseFloor(busId: string, floorSeq: number, epoch?: string): Promise<LostRange | null>;
  setPosition(busId: string, position: unknown): Promise<void>;
  /**
   * Sets a message aside, within the quarantine's limits: once per `key` (or per identical
   * message), beyond a bus's quota or the byte cap only counted. Returns whether it was stored.
   */
  quarantine(topic: string, reason: string, payload: Buffer, key?: QuarantineKey): Promise<boolean>;
  recordDownlink(entry: PublishedDownlink): Promise<void>;
  /** Highest content version published for a target and kind (0 when none). */
  publishedVersion(target: string, kind: string): Promise<number>;
  /** Bodies (JSON text) published to a target and kind since an instant, oldest first. */
  publishedSince(target: string, kind: string, sinceIso: string): Promise<string[]>;
  buses(): Promise<BusRow[]>;
  /** Link and backlog facts per bus for the fleet page. */
  fleetLinks(): Promise<FleetLink[]>;
  events(filter?: EventFilter): Promise<ReceivedEvent[]>;
  /** Events in commit order after a cursor (the dashboard projection's high-water mark); rejected ones are left out. */
  eventsAfter(cursor: number, limit: number): Promise<LedgerRow[]>;
  /** One kind in (bus, seq) order after a key, for exports that stream the whole ledger. */
  kindPage(kind: string, after: PageKey | null, limit: number): Promise<ReceivedEvent[]>;
  /** Kinds held, with counts (an export of an absent kind names the ones there are). */
  kindCounts(): Promise<{ kind: string; events: number }[]>;
  /** The newest quarantined messages first. */
  quarantined(limit?: number): Promise<QuarantinedRow[]>;
  /** Stored events whose payload failed its kind's schema, newest first. */
  rejectedEvents(limit?: number): Promise<RejectedEvent[]>;
  /** What the quarantine did not keep, per bus. */
  quarantineDropped(): Promise<DroppedCount[]>;
  close(): Promise<void>;
}

/** Where an export page ends: the ledger's key (bus, stream epoch, seq). */
export interface PageKey {
  busId: string;
  epoch?: string;
  seq: number;
}

export type CommitOutcome = 'committed' | 'duplicate' | 'conflict';

/** Seqs from..to the ledger had acknowledged but no longer holds: `missing` of them are gone for good. */
export interface LostRange {
  from: number;
  to: number;
  missing: number;
}

export interface ReceivedEvent extends Envelope {
  receivedAt: string;
}

/** An event as the projection reads it: its commit-order cursor and the payload still as JSON text. */
export interface LedgerRow {
  cursor: number;
  busId: string;
  id: string;
  kind: string;
  at: string;
  payload: string;
  /** When the office committed it (ISO): bounds how far ahead of the office a bus clock may be. */
  receivedAt: string;
}

export interface RejectedEvent {
  busId: string;
  seq: number;
  id: string;
  kind: string;
  reason: string;
  receivedAt: string;
}

export interface DroppedCount {
  busId: string;
  dropped: number;
  bytes: number;
  lastAt: string;
}

export interface EventFilter {
  busId?: string;
  kind?: string;
  limit?: number;
}

export interface BusRow {
  busId: string;
  /** The bus's current stream ('' the legacy one); committedSeq is this stream's. */
  epoch: string;
  committedSeq: number;
  online: boolean;
  statusAt: string | null;
  lastSeen: string | null;
}

export interface FleetLink extends BusRow {
  /** Streams the bus has had: more than one means its database was recreated. */
  streams: number;
  /** When the current stream replaced an earlier one (office time), or null. */
  resetAt: string | null;
  /** The bus's latest storage-reset report (reason, where the old file is kept, rows carried). */
  resetReport: Record<string, unknown> | null;
  /** Latest live position message (JSON text) and when it came. */
  position: string | null;
  positionAt: string | null;
  maxSeq: number | null;
  /** Oldest event waiting above a gap in the seqs (the gap's age). */
  oldestGapAt: string | null;
  /** Bus time of the newest contiguous event. */
  lastEventAt: string | null;
}

export interface PublishedDownlink {
  id: string;
  target: string;
  kind: string;
  version: number | null;
  body: unknown;
}

export interface QuarantinedRow {
  busId: string;
  topic: string;
  reason: string;
  receivedAt: string;
}
