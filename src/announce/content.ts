import { z } from 'zod';
import { err, ok, type Result } from '../core/result.ts';
import { defaultTexts, textsOverrideSchema, type AnnouncementTexts } from './templates.ts';

/** Where the texts in force are kept between boots (the bus store's state table in the product). */
export interface TextsPersistence {
  load(): string | null;
  save(json: string): void;
}

export type TextsErrorCode = 'not-newer' | 'invalid-version' | 'invalid-json' | 'invalid-texts' | 'not-saved';

const savedSchema = z.object({ version: z.number().int().positive(), texts: textsOverrideSchema });

/**
 * The announcement texts in force and their version. Texts from the office replace the built-in
 * ones only when their version is newer, and only whole: everything is validated and saved before
 * the swap, so a bad or unsaved set leaves the old one untouched.
 */
export class AnnouncementContent {
  private current: { version: number; texts: AnnouncementTexts } = { version: 0, texts: defaultTexts };

  constructor(private readonly persistence: TextsPersistence | null = null) {
    const saved = persistence?.load();
    if (!saved) return;
    try {
      const parsed = savedSchema.safeParse(JSON.parse(saved));
      if (parsed.success) this.current = { version: parsed.data.version, texts: merge(parsed.data.texts) };
      else console.error('announcement texts: saved set is invalid, using the built-in texts');
    } catch {
      console.error('announcement texts: saved set is not JSON, using the built-in texts');
    }
  }

  get version(): number {
    return this.current.version;
  }

  get texts(): AnnouncementTexts {
    return this.current.texts;
  }

  apply(version: number, json: unknown): Result<{ version: number }, TextsErrorCode> {
    if (!Number.isSafeInteger(version) || version < 1) return err('invalid-version', `version must be a positive integer, got ${String(version)}`);
    if (version <= this.current.version) {
      return err('not-newer', `version ${version} is not newer than the texts in force (version ${this.current.version})`);
    }
    let input = json;
    if (typeof json === 'string') {
      try {
        input = JSON.parse(json);
      } catch (error) {
        return err('invalid-json', `announcement texts are not JSON: ${(error as Error).message}`);
      }
    }
    const parsed = textsOverrideSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');
      return err('invalid-texts', `announcement texts version ${version} rejected: ${issues}`);
    }
    const next = { version, texts: merge(parsed.data) };
    try {
      this.persistence?.save(JSON.stringify({ version, texts: parsed.data }));
    } catch (error) {
      return err('not-saved', `announcement texts version ${version} could not be saved: ${(error as Error).message}`);
    }
    this.current = next;
    return ok({ version });
  }
}

/** Keys the office left out keep their built-in wording. */
function merge(override: Partial<AnnouncementTexts>): AnnouncementTexts {
  const texts = { ...defaultTexts };
  for (const [key, value] of Object.entries(override) as [keyof AnnouncementTexts, AnnouncementTexts[keyof AnnouncementTexts] | undefined][]) {
    if (value) texts[key] = value;
  }
  return texts;
}
