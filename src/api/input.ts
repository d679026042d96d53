import type { z } from 'zod';
import { err, ok, type Result } from '../core/result.ts';

/** Validates one method's untrusted JSON input; a bad input is an expected failure, not a throw. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.infer<S>, 'invalid-input'> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
  return err('invalid-input', issues);
}
