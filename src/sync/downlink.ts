import type { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import { outboxPriority } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';
import { contentKinds, contentSchemas, isContentKind } from './content.ts';
import { decodeJson, downlinkSchema } from '../protocol/envelope.ts';
import { parseDownTopic } from '../protocol/topics.ts';

export interface DownlinkContext {
  id: string;
  /** Content only: the version being applied (always newer than the one stored). */
  version: number | undefined;
  issuedAt: string;
  /** Sent to the whole fleet rather than to this bus. */
  fleet: boolean;
}

/**
 * Applies one downlink body. Runs synchronously inside the store transaction that also records the
 * content version or the applied id: throw to reject, and nothing of it is kept.
 */
export type ApplyDownlink<T> = (body: T, context: DownlinkContext) => void;

export type DownlinkOutcome = 'applied' | 'stale' | 'duplicate' | 'rejected';

export interface DownlinkReport {
  topic: string;
  kind: string | null;
  id: string | null;
  outcome: DownlinkOutcome;
  reason?: string;
}

interface Entry {
  schema: z.ZodType;
  apply: ApplyDownlink<unknown>;
}

/** Kind of the event a rejected downlink is reported as, so the office sees what the bus refused. */
export const downlinkRejectedKind = 'downlink-rejected';

/** Kind of the event an applied downlink is reported as, so the office sees what reached the bus's screens. */
export const downlinkAppliedKind = 'downlink-applied';

/**
 * Routes each downlink message to the area registered for its kind. Content (catalogue, handbook,
 * announcements, route, schedule) is applied atomically and only if newer than the stored version;
 * other kinds (case updates, comment replies) once per message id. Anything unknown, invalid or
 * failing is rolled back whole and reported up as a `downlink-rejected` event.
 */
export class DownlinkDispatcher {
  readonly reports = new Emitter<DownlinkReport>();
  private readonly registry = new Map<string, Entry>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    for (const kind of contentKinds) this.registerDownlink(kind, contentSchemas[kind], () => undefined);
  }

  /** Registers (or replaces, for a stricter content schema) the handler of one downlink kind. */
  registerDownlink<S extends z.ZodType>(kind: string, schema: S, apply: ApplyDownlink<z.output<S>>): void {
    this.registry.set(kind, { schema, apply: apply as ApplyDownlink<unknown> });
  }

  /** The newest applied content of a kind, or null before the office sent any. */
  content(kind: string): { version: number; body: unknown; appliedAt: string } | null {
    const row = this.store.db.prepare('SELECT version, body, applied_at FROM content WHERE kind = ?').get(kind) as
      | { version: number; body: string; applied_at: string }
      | undefined;
    return row ? { version: row.version, body: JSON.parse(row.body) as unknown, appliedAt: row.applied_at } : null;
  }

  contentVersions(): Record<string, number> {
    const rows = this.store.db.prepare('SELECT kind, version FROM content ORDER BY kind').all() as { kind: string; version: number }[];
    return Object.fromEntries(rows.map((r) => [r.kind, r.version]));
  }

  dispatch(topic: string, payload: Buffer): DownlinkReport {
    const report = this.handle(topic, payload);
    if (report.outcome === 'rejected') this.reportRejection(report);
    this.reports.emit(report);
    return report;
  }

  private handle(topic: string, payload: Buffer): DownlinkReport {
    const where = parseDownTopic(topic);
    const base = { topic, kind: where?.kind ?? null, id: null };
    if (!where) return { ...base, outcome: 'rejected', reason: 'not a downlink topic' };
    const decoded = decodeJson(downlinkSchema, payload);
    if (!decoded.ok) return { ...base, outcome: 'rejected', reason: decoded.reason };
    const message = decoded.value;
    const known = { ...base, id: message.id };
    if (message.kind !== where.kind) return { ...known, outcome: 'rejected', reason: `kind ${message.kind} does not match topic kind ${where.kind}` };
    const entry = this.registry.get(message.kind);
    if (!entry) return { ...known, outcome: 'rejected', reason: `unknown downlink kind ${message.kind}` };
    const versioned = isContentKind(message.kind);
    if (versioned && message.version === undefined) return { ...known, outcome: 'rejected', reason: 'content without a version' };
    const body = entry.schema.safeParse(message.body);
    if (!body.success) {
      const reason = body.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
      return { ...known, outcome: 'rejected', reason };
    }
    const context: DownlinkContext = { id: message.id, version: message.version, issuedAt: message.issuedAt, fleet: where.fleet };
    const now = this.clock.now().toISOString();
    const db = this.store.db;
    try {
      const outcome = this.store.withTransaction((): DownlinkOutcome => {
        if (versioned) {
          const stored = db.prepare('SELECT version FROM content WHERE kind = ?').pluck().get(message.kind) as number | undefined;
          if (stored !== undefined && stored >= message.version!) return 'stale';
          entry.apply(body.data, context);
          db.prepare(
            `INSERT INTO content (kind, version, body, applied_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (kind) DO UPDATE SET version = excluded.version, body = excluded.body, applied_at = excluded.applied_at`,
          ).run(message.kind, message.version, JSON.stringify(body.data), now);
          return 'applied';
        }
        const inserted = db.prepare('INSERT INTO downlink_applied (id, kind, applied_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(message.id, message.kind, now);
        if (inserted.changes === 0) return 'duplicate';
        entry.apply(body.data, context);
        return 'applied';
      });
      if (outcome === 'applied') this.reportApplied(message.id, message.kind, message.version ?? null);
      return { ...known, outcome };
    } catch (error) {
      return { ...known, outcome: 'rejected', reason: `apply failed: ${(error as Error).message}` };
    }
  }

  /**
   * Tells the office what now shows on the bus (a content version, a reply to a resident): stored and
   * sent like any event, after the apply committed, so a full disk never undoes what was applied.
   */
  private reportApplied(id: string, kind: string, version: number | null): void {
    this.store.outbox.guard(() =>
      this.store.withTransaction(() =>
        this.store.outbox.add({
          kind: downlinkAppliedKind,
          at: this.clock.now().toISOString(),
          payload: { id, kind, version },
          priority: outboxPriority.downlinkReport,
        }),
      ),
    );
  }

  private reportRejection(report: DownlinkReport): void {
    const { topic, kind, id, reason } = report;
    // A full disk cannot record the rejection either; the outbox flags it for the kiosk.
    this.store.outbox.guard(() =>
      this.store.withTransaction(() =>
        this.store.outbox.add({
          kind: downlinkRejectedKind,
          at: this.clock.now().toISOString(),
          payload: { topic, kind, id, reason },
          priority: outboxPriority.downlinkReport,
        }),
      ),
    );
  }
}
