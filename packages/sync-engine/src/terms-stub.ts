/**
 * STUB (lead drops this at merge): the engine's domain terms, as the engine branch exports them.
 * This module imports nothing, so browsers can load it through `@pipecraft/sync-engine/terms`
 * without pulling pg or mysql2 into the bundle.
 */
export const DIALECT_NAMES = ['postgres', 'mysql'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export const WRITE_MODE_NAMES = ['truncate_insert'] as const;
export type WriteModeName = (typeof WRITE_MODE_NAMES)[number];

/** How long a connection attempt may take before it fails with CONNECTION_TIMEOUT. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const dialects: Record<DialectName, { label: string; defaultPort: number }> = {
  postgres: { label: 'PostgreSQL', defaultPort: 5432 },
  mysql: { label: 'MySQL / MariaDB', defaultPort: 3306 },
};

const writeModes: Record<WriteModeName, { label: string; description: string }> = {
  truncate_insert: {
    label: 'Full refresh',
    description: 'Replace every row of the destination atomically: readers see the old rows or the new ones, never a half-written table.',
  },
};

export function listDialects(): Array<{ name: DialectName; label: string; defaultPort: number }> {
  return DIALECT_NAMES.map((name) => ({ name, ...dialects[name] }));
}

export function listWriteModes(): Array<{ name: WriteModeName; label: string; description: string }> {
  return WRITE_MODE_NAMES.map((name) => ({ name, ...writeModes[name] }));
}
