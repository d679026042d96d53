import type { Clock } from '../../core/clock.ts';
import { uuidv7 } from '../../core/ids.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { outboxPriority } from '../../store/outbox.ts';
import type { Store } from '../../store/store.ts';
import type { Label } from './categories.ts';
import { FeedbackStore } from './feedback-store.ts';

/** The service desk answers this; the lead wires it to the desk's ticket store. */
export interface FinishedTickets {
  isFinished(ticketId: string): boolean;
}

export type RatingLevel = 'very-satisfied' | 'satisfied' | 'basically-satisfied' | 'dissatisfied' | 'very-dissatisfied';

/** The national 好差评 scale, best first. The screens show them all with none selected. */
export const ratingLevels: readonly { id: RatingLevel; label: Label; followUp: boolean }[] = [
  { id: 'very-satisfied', label: { zh: '非常满意', en: 'Very satisfied' }, followUp: false },
  { id: 'satisfied', label: { zh: '满意', en: 'Satisfied' }, followUp: false },
  { id: 'basically-satisfied', label: { zh: '基本满意', en: 'Basically satisfied' }, followUp: false },
  { id: 'dissatisfied', label: { zh: '不满意', en: 'Dissatisfied' }, followUp: true },
  { id: 'very-dissatisfied', label: { zh: '非常不满意', en: 'Very dissatisfied' }, followUp: true },
];

/** Optional reasons offered with the two low levels, so the office knows what to follow up. */
export const lowRatingReasons: readonly ({ id: string } & Label)[] = [
  { id: 'not-resolved', zh: '问题没有解决', en: 'My matter was not resolved' },
  { id: 'long-wait', zh: '等候时间太长', en: 'I waited too long' },
  { id: 'attitude', zh: '服务态度不好', en: 'Staff were unfriendly' },
  { id: 'unclear', zh: '解释说明不清楚', en: 'The explanation was unclear' },
  { id: 'paperwork', zh: '材料手续繁琐', en: 'Too much paperwork' },
];

export interface RatingInput {
  ticketId: string;
  level: RatingLevel;
  reasons?: readonly string[];
}

export type RatingError = 'ticket-not-finished' | 'already-rated' | 'unknown-level' | 'reasons-not-allowed' | 'unknown-reason';

/** One 好差评 rating per finished service visit, low ones flagged for the office's follow-up. */
export class RatingService {
  private readonly rows: FeedbackStore;

  constructor(private readonly options: { store: Store; clock: Clock; tickets: FinishedTickets }) {
    this.rows = new FeedbackStore(options.store);
  }

  submit(input: RatingInput): Result<{ ticketId: string; level: RatingLevel; followUp: boolean }, RatingError> {
    const level = ratingLevels.find((l) => l.id === input.level);
    if (!level) return err('unknown-level', `no rating level "${input.level}"`);
    const reasons = [...new Set(input.reasons ?? [])];
    if (reasons.length > 0 && !level.followUp) return err('reasons-not-allowed', 'reasons go with the two low levels only');
    const unknown = reasons.find((r) => !lowRatingReasons.some((known) => known.id === r));
    if (unknown !== undefined) return err('unknown-reason', `no reason "${unknown}"`);
    if (!this.options.tickets.isFinished(input.ticketId)) {
      return err('ticket-not-finished', 'a visit can be rated once its service is finished');
    }
    const { store, clock } = this.options;
    const now = clock.now();
    const at = now.toISOString();
    const saved = store.withTransaction(() => {
      if (this.rows.rating(input.ticketId)) return false;
      const row = { id: uuidv7(now.getTime()), ticketId: input.ticketId, at, level: level.id, reasons, followUp: level.followUp };
      this.rows.insertRating(row);
      store.outbox.add({ kind: 'rating', at, payload: row, priority: outboxPriority.resident });
      return true;
    });
    if (!saved) return err('already-rated', 'this visit has been rated already');
    return ok({ ticketId: input.ticketId, level: level.id, followUp: level.followUp });
  }

  /** Whether the screens should offer rating for this visit now. */
  canRate(ticketId: string): boolean {
    return this.options.tickets.isFinished(ticketId) && !this.rows.rating(ticketId);
  }
}
