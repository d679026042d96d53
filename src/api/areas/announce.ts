import { z } from 'zod';
import { err, ok, type Result } from '../../core/result.ts';
import type { TripEvent } from '../../trip/types.ts';
import type { StaffSessions } from '../../services/desk/staff-auth.ts';
import type { ApiDeps } from '../deps.ts';

const resyncInput = z.strictObject({ stopId: z.string().min(1).max(64) });
const recentInput = z.strictObject({ limit: z.number().int().min(1).max(50).optional() }).optional();
const serviceCallInput = z.strictObject({ token: z.string().min(1).max(100), zh: z.string().trim().min(1).max(200), en: z.string().trim().max(200).default('') });

function invalid(error: z.ZodError): Result<never, 'invalid-input'> {
  return err('invalid-input', error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
}

/**
 * Announcements and the driver's prompt, plus the driver's manual inputs for when GNSS fails:
 * announce the next stop now, and re-sync the trip at a stop (as commercial 报站器 offer).
 */
export function announceApi({ announce }: Pick<ApiDeps, 'announce'>, sessions: StaffSessions) {
  const noTracker = () => err('no-tracker', 'the trip tracker is not running (no route or no GNSS source)');
  return {
    async announceNextStopNow(_input?: unknown): Promise<Result<TripEvent[], 'no-tracker' | 'no-next-stop'>> {
      if (!announce.overrides) return noTracker();
      const events = announce.overrides.announceNext();
      if (events.length === 0) return err('no-next-stop', 'no next stop to announce yet (the bus is not placed on the route)');
      return ok(events);
    },

    async tripResyncTo(input: unknown): Promise<Result<TripEvent[]>> {
      const parsed = resyncInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      if (!announce.overrides) return noTracker();
      return announce.overrides.resyncTo(parsed.data.stopId);
    },

    async announceRecent(input?: unknown) {
      const parsed = recentInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      return ok(announce.announcer.recent(parsed.data?.limit ?? 10));
    },

    async driverPrompt(_input?: unknown) {
      return announce.prompts.current();
    },

    /**
     * Free text over the bus's speakers, e.g. a ticket number to a table: only with a staff session
     * (deskStaffLogin), and logged with who made it and what it said.
     */
    async announceServiceCall(input: unknown) {
      const parsed = serviceCallInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const { token, ...text } = parsed.data;
      const session = sessions.use(token);
      if (!session.ok) return session;
      const made = announce.announcer.announceServiceCall(text);
      console.info(`announce: service call by staff ${session.value.staffId} ${made.ok ? 'queued' : `refused (${made.error.code})`}: ${JSON.stringify(text)}`);
      return made;
    },

    async announceStatus(_input?: unknown) {
      return { announcer: announce.announcer.status(), audio: announce.audioStatus(), textsVersion: announce.content.version };
    },
  };
}
