/** `{ field: { before, after } }` for the audit log. */
export type Changes = Record<string, { before: unknown; after: unknown }>;

/** Fields that change on every write or are not the user's change. */
const IGNORED = new Set(['id', 'createdAt', 'updatedAt', 'lastTest', 'lastRun', 'lastUsedAt']);

/**
 * The fields that differ between two public views (DTOs) of a thing. Callers pass DTOs, which
 * never hold a secret, so neither can the diff; `null` stands for "did not exist".
 */
export function diffOf(before: object | null, after: object | null): Changes {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const changes: Changes = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (IGNORED.has(key)) continue;
    const was = normalise(b[key]);
    const now = normalise(a[key]);
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[key] = { before: was, after: now };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}
