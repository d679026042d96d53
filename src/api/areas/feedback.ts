import { z } from 'zod';
import { ok } from '../../core/result.ts';
import { categories, meetingDayFor } from '../../services/feedback/categories.ts';
import { feedbackLimits } from '../../services/feedback/feedback.ts';
import { lowRatingReasons, ratingLevels } from '../../services/feedback/ratings.ts';
import type { ApiDeps } from '../deps.ts';
import { parseInput } from '../input.ts';

const submitInput = z.strictObject({
  category: z.enum(['suggestion', 'help', 'complaint', 'praise', 'topic']),
  phraseIds: z.array(z.string().max(40)).max(feedbackLimits.maxPhrases).optional(),
  /** Length is checked in code points after normalisation; this only bounds the raw JSON. */
  text: z.string().max(feedbackLimits.maxTextCodePoints * 4).optional(),
  contact: z.string().max(200).optional(),
  keepOriginal: z.boolean().optional(),
  ticketId: z.string().min(1).max(64).optional(),
});

const lookupInput = z.strictObject({ reference: z.string().max(20) });
const ticketInput = z.strictObject({ ticketId: z.string().min(1).max(64) });
const ratingInput = z.strictObject({
  ticketId: z.string().min(1).max(64),
  level: z.enum(['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied']),
  reasons: z.array(z.string().max(40)).max(lowRatingReasons.length).optional(),
});

/** Residents' voice on the kiosk: comments (意见建议/求助/投诉/表扬/议题), 查进度 by reference, 好差评 ratings. */
export function feedbackApi({ feedback, ratings }: Pick<ApiDeps, 'feedback' | 'ratings'>) {
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
      return feedback.submit(parsed.value);
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
      return ok({
        levels: ratingLevels,
        lowReasons: lowRatingReasons,
        selected: null,
        canRate: ratings.canRate(parsed.value.ticketId),
      });
    },

    /** One rating per finished visit; optional, and low levels are flagged for the office's follow-up. */
    async ratingSubmit(input: z.input<typeof ratingInput>) {
      const parsed = parseInput(ratingInput, input);
      if (!parsed.ok) return parsed;
      return ratings.submit(parsed.value);
    },
  };
}
