import { z } from 'zod';
import { chinaUtcOffsetMinutes } from '../../core/local-time.ts';
import { ok } from '../../core/result.ts';
import { categories, meetingDayFor } from '../../services/feedback/categories.ts';
import { feedbackLimits } from '../../services/feedback/feedback.ts';
import { lowRatingReasons, ratingLevels } from '../../services/feedback/ratings.ts';
import type { ApiDeps } from '../deps.ts';
import { parseInput } from '../input.ts';
import { caseReference, ticketNumber, ticketSecret } from './desk.ts';

const submitInput = z.strictObject({
  category: z.enum(['suggestion', 'help', 'complaint', 'praise', 'topic']),
  phraseIds: z.array(z.string().max(40)).max(feedbackLimits.maxPhrases).optional(),
  /** Length is checked in code points after normalisation; this only bounds the raw JSON. */
  text: z.string().max(feedbackLimits.maxTextCodePoints * 4).optional(),
  contact: z.string().max(200).optional(),
  keepOriginal: z.boolean().optional(),
  ticketId: z.string().min(1).max(64).optional(),
  /** true: the 查询码 is printed on the ticket printer too (the kiosk asks when one is attached). */
  print: z.boolean().default(false),
});

const lookupInput = z.strictObject({ reference: z.string().max(20) });
/** The visit to rate: today's number or a handed-over case's reference, with the ticket's secret. */
const visit = { number: ticketNumber.optional(), reference: caseReference.optional(), secret: ticketSecret };
const holds = (v: { number?: string; reference?: string }) => (v.number === undefined) !== (v.reference === undefined);
const oneOf = { message: 'give the ticket number or the case reference (one of them)' };
const ticketInput = z.strictObject(visit).refine(holds, oneOf);
const ratingInput = z
  .strictObject({
    ...visit,
  level: z.enum(['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied']),
    reasons: z.array(z.string().max(40)).max(lowRatingReasons.length).optional(),
  })
  .refine(holds, oneOf);

/** Residents' voice on the kiosk: comments (意见建议/求助/投诉/表扬/议题), 查进度 by reference, 好差评 ratings. */
export function feedbackApi({
  feedback,
  ratings,
  desk,
  printer,
  clock,
}: Pick<ApiDeps, 'feedback' | 'ratings' | 'printer' | 'clock'> & { desk: Pick<ApiDeps['desk'], 'claim'> }) {
  /** Only the holder of the ticket (its secret) may rate the visit. */
  const claim = (v: { number?: string; reference?: string; secret: string }) =>
    desk.claim(v.number !== undefined ? { number: v.number } : { reference: v.reference ?? '' }, v.secret);
  return {
    /** Categories with their quick-pick phrases (zh/en), the text limit, and the next residents' meeting (the 15th). */
    async feedbackCategories() {
      return {
        categories,
        maxTextCodePoints: feedbackLimits.maxTextCodePoints,
        nextMeetingDay: meetingDayFor(feedback.today()),
      };
    },

    /** Stores a comment and returns its reference code; the text comes back masked as it will be synced. */
    async feedbackSubmit(input: z.input<typeof submitInput>) {
      const parsed = parseInput(submitInput, input);
      if (!parsed.ok) return parsed;
      const { print, ...comment } = parsed.value;
      const submitted = feedback.submit(comment);
      if (!submitted.ok || !print) return submitted.ok ? ok({ ...submitted.value, printed: false }) : submitted;
      const { reference, meetingDay } = submitted.value;
      const category = categories.find((c) => c.id === submitted.value.category)!.label;
      // A printer fault never loses the comment: the code is on the screen either way.
      const slip = await printer.print({ kind: 'comment', reference, category, meetingDay, sentAtLocal: localMinute(clock.now()) });
      return ok({ ...submitted.value, printed: slip.ok });
    },

    /** 查进度: status and the office's reply for a reference code (case, spaces and dashes forgiven). */
    async feedbackLookup(input: z.input<typeof lookupInput>) {
      const parsed = parseInput(lookupInput, input);
      if (!parsed.ok) return parsed;
      return feedback.lookup(parsed.value.reference);
    },

    /** The 好差评 levels (none pre-selected), reasons for the low ones, and whether this visit can be rated now. */
    async ratingOptions(input: z.input<typeof ticketInput>) {
      const parsed = parseInput(ticketInput, input);
      if (!parsed.ok) return parsed;
      const ticketId = claim(parsed.value);
      if (!ticketId.ok) return ticketId;
      return ok({
        levels: ratingLevels,
        lowReasons: lowRatingReasons,
        selected: null,
        canRate: ratings.canRate(ticketId.value),
      });
    },

    /** One rating per finished visit; optional, and low levels are flagged for the office's follow-up. */
    async ratingSubmit(input: z.input<typeof ratingInput>) {
      const parsed = parseInput(ratingInput, input);
      if (!parsed.ok) return parsed;
      const ticketId = claim(parsed.value);
      if (!ticketId.ok) return ticketId;
      const { level, reasons } = parsed.value;
      return ratings.submit({ ticketId: ticketId.value, level, ...(reasons ? { reasons } : {}) });
    },
  };
}

/** "YYYY-MM-DD HH:MM" in China time, as slips print it. */
function localMinute(at: Date): string {
  const local = new Date(at.getTime() + chinaUtcOffsetMinutes * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
