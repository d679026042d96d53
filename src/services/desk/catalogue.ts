import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { shippedAsset } from '../../app-root/app-root.ts';
import { err, ok, type Result } from '../../core/result.ts';

/**
 * The community's "7135" response rule: what cannot be finished on board is closed by the office
 * within 1 working day (small matter), 3 (larger) or 5 (hard).
 */
export const followUpWorkingDays = { small: 1, large: 3, hard: 5 } as const;
export type FollowUpClass = keyof typeof followUpWorkingDays;

const bilingual = z.strictObject({ zh: z.string().min(1).max(60), en: z.string().min(1).max(120) });

const itemSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and "-"'),
  name: bilingual,
  /** What a resident should bring; printed on the ticket. */
  documents: z.array(bilingual).max(8),
  /** First guess of the service time, until the moving average has samples. */
  serviceMinutes: z.number().positive().max(120),
  followUp: z.enum(['small', 'large', 'hard']),
});

const categorySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and "-"'),
  /** Ticket numbers of this category start with it: A001, B001… */
  prefix: z.string().regex(/^[A-Z]$/, 'one capital letter'),
  name: bilingual,
  items: z.array(itemSchema).min(1),
});

export const catalogueSchema = z
  .strictObject({
    /** Set in the shipped file; a catalogue sent down carries its version in the downlink message. */
    version: z.number().int().nonnegative().optional(),
    categories: z.array(categorySchema).min(1),
  })
  .superRefine((catalogue, ctx) => {
    // Each duplicate is reported at the later entry's path, so the office form shows it beside that field.
    const unique = (entries: { value: string; path: (string | number)[] }[], what: string) => {
      const seen = new Set<string>();
      for (const { value, path } of entries) {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} "${value}"`, path });
        seen.add(value);
      }
    };
    unique(catalogue.categories.map((c, i) => ({ value: c.id, path: ['categories', i, 'id'] })), 'category id');
    unique(catalogue.categories.map((c, i) => ({ value: c.prefix, path: ['categories', i, 'prefix'] })), 'ticket prefix');
    unique(catalogue.categories.flatMap((c, i) => c.items.map((item, j) => ({ value: item.id, path: ['categories', i, 'items', j, 'id'] }))), 'item id');
  });

export type Catalogue = z.infer<typeof catalogueSchema>;
export type CatalogueCategory = Catalogue['categories'][number];
export type CatalogueItem = CatalogueCategory['items'][number];
export type Bilingual = z.infer<typeof bilingual>;

/** The downlink content kind (src/sync/content.ts) and the `content` table row holding the newest catalogue. */
export const catalogueContentKind = 'service-catalogue';

export const shippedCataloguePath = shippedAsset('content/desk-catalogue.json');

/** Validates a catalogue from JSON text or an already parsed value; the message lists every problem. */
export function parseCatalogue(json: unknown): Result<Catalogue, 'catalogue-invalid'> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return err('catalogue-invalid', `service catalogue is not valid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = catalogueSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  return err('catalogue-invalid', `service catalogue rejected: ${problems.join('; ')}`);
}

/** The catalogue shipped with the software; a broken shipped file is a build error, so it throws. */
export function loadShippedCatalogue(path: string = shippedCataloguePath): { version: number; catalogue: Catalogue } {
  const parsed = parseCatalogue(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error.message}`);
  if (parsed.value.version === undefined) throw new Error(`${path}: the shipped catalogue needs a "version"`);
  return { version: parsed.value.version, catalogue: parsed.value };
}

export function findItem(catalogue: Catalogue, itemId: string): { category: CatalogueCategory; item: CatalogueItem } | null {
  for (const category of catalogue.categories) {
    const item = category.items.find((i) => i.id === itemId);
    if (item) return { category, item };
  }
  return null;
}
