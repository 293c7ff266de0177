import { UniqueConstraintViolationException } from '@mikro-orm/core';

/** True when a write failed on a unique index (e.g. two connections racing for one name). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException;
}
