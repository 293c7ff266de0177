/**
 * The database engines PipeCraft can read from and write to — the one definition of the names.
 *
 * It is a leaf module (no imports) because the contract types (`ConnectionConfig.dialect`) need the
 * union and the dialect folders import the contract: deriving the names from the registry would
 * make the contract import the dialects, the cycle `dialects/index.ts` exists to avoid. The
 * registry is a `Record<DialectName, Dialect>`, so the compiler refuses a name without a dialect.
 */
export const DIALECT_NAMES = ['postgres', 'mysql'] as const;

/** A dialect's stable name, as stored on a connection. MariaDB uses `mysql`. */
export type DialectName = (typeof DIALECT_NAMES)[number];
