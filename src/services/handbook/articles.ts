import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { shippedAsset } from '../../app-root/app-root.ts';
import { err, ok, type Result } from '../../core/result.ts';

const articleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and "-"'),
  title: z.strictObject({ zh: z.string().min(1).max(80), en: z.string().min(1).max(160) }),
  body: z.strictObject({ zh: z.string().min(1).max(20_000), en: z.string().max(20_000).optional() }),
  tags: z.array(z.string().min(1).max(20)).max(12).default([]),
});

export const handbookSchema = z
  .strictObject({
    /** Set in the shipped file; a handbook sent down carries its version in the downlink message. */
    version: z.number().int().nonnegative().optional(),
    articles: z.array(articleSchema).max(5000),
  })
  .superRefine((h, ctx) => {
    const seen = new Set<string>();
    h.articles.forEach((a, i) => {
      if (seen.has(a.id)) ctx.addIssue({ code: 'custom', message: 'article ids must be unique', path: ['articles', i, 'id'] });
      seen.add(a.id);
    });
  });

export type Handbook = z.infer<typeof handbookSchema>;
export type Article = Handbook['articles'][number];

/** The downlink content kind (src/sync/content.ts) and `content` table row of the handbook. */
export const handbookContentKind = 'policy-handbook';
export const shippedHandbookPath = shippedAsset('content/handbook.json');

export function parseHandbook(json: unknown): Result<Handbook, 'handbook-invalid'> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return err('handbook-invalid', `handbook is not valid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = handbookSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  return err('handbook-invalid', `handbook rejected: ${problems.join('; ')}`);
}

export function loadShippedHandbook(path: string = shippedHandbookPath): { version: number; handbook: Handbook } {
  const parsed = parseHandbook(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error.message}`);
  if (parsed.value.version === undefined) throw new Error(`${path}: the shipped handbook needs a "version"`);
  return { version: parsed.value.version, handbook: parsed.value };
}
