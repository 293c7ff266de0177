import { createHash, randomBytes } from 'node:crypto';

/** A random secret (256 bits), URL-safe, with a readable prefix: `pcs_…` for sessions, `pct_…` for API tokens, `pcw_…` for webhook signing keys. */
export function newSecret(prefix: 'pcs' | 'pct' | 'pcw'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * What the store keeps of a secret: its SHA-256, hex. The secrets carry 256 random bits, so a fast
 * hash is enough (no salt, no stretching) and lookups stay one indexed equality.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
