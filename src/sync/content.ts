import { z } from 'zod';

/** Bilingual text as the screens show it; Chinese is required, English optional. */
const text = z.looseObject({ zh: z.string().min(1), en: z.string().optional() });
const itemId = z.string().min(1).max(64);

/**
 * Content the office versions and sends down. The schemas check the shape every screen relies on;
 * the area that owns a kind may register a stricter schema and its own apply (registerDownlink).
 */
export const contentSchemas = {
  // The shapes the desk and handbook areas apply on the bus (src/services/desk/catalogue.ts, src/services/handbook/articles.ts).
  'service-catalogue': z.looseObject({
    categories: z.array(z.looseObject({ id: itemId, name: text, items: z.array(z.looseObject({ id: itemId, name: text })) })),
  }),
  'policy-handbook': z.looseObject({
    articles: z.array(z.looseObject({ id: itemId, title: text, body: text })),
  }),
  announcements: z.looseObject({
    texts: z.record(z.string().min(1).max(64), text),
  }),
  route: z.looseObject({
    type: z.literal('FeatureCollection'),
    features: z
      .array(z.looseObject({ type: z.literal('Feature'), geometry: z.looseObject({ type: z.string() }), properties: z.looseObject({}) }))
      .refine((features) => features.filter((f) => f.properties.kind === 'route').length === 1, {
        message: 'exactly one feature must have properties.kind = "route"',
      }),
  }),
  'activity-schedule': z.looseObject({
    activities: z.array(
      z.looseObject({
        id: itemId,
        title: text,
        start: z.string().datetime({ offset: true }),
        // Optional since the first schedules: when it ends, where, and a line or two about it.
        end: z.string().datetime({ offset: true }).optional(),
        place: text.optional(),
        description: text.optional(),
      }),
    ),
  }).superRefine((schedule, ctx) => {
    schedule.activities.forEach((a, i) => {
      if (a.end !== undefined && Date.parse(a.end) <= Date.parse(a.start)) ctx.addIssue({ code: 'custom', message: 'ends before it starts', path: ['activities', i, 'end'] });
    });
  }),
} as const;

export type ContentKind = keyof typeof contentSchemas;
export const contentKinds = Object.keys(contentSchemas) as ContentKind[];

export function isContentKind(kind: string): kind is ContentKind {
  return Object.hasOwn(contentSchemas, kind);
}
