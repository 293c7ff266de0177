import type { ZodType, ZodTypeDef } from 'zod';

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/**
 * Checks a form's values with the API's own zod schema (from `@pipecraft/api/schemas`), so a rule
 * lives once. Errors are keyed like the server's `fieldErrors` (the path joined with dots), first
 * message per field, so a form shows local and server messages the same way.
 */
export function validate<T>(schema: ZodType<T, ZodTypeDef, unknown>, values: unknown): Validation<T> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
