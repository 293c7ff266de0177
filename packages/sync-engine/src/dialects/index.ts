/**
 * The dialect registry: a new dialect is one folder plus one line here (and its name in
 * `dialect-names.ts`); the `Record` makes the compiler refuse a name without a dialect.
 */
import type { Dialect } from '../dialect.js';
import type { DialectName } from './dialect-names.js';
import { DIALECT_NAMES } from './dialect-names.js';
import { mysqlDialect } from './mysql/mysql-dialect.js';
import { postgresDialect } from './postgres/postgres-dialect.js';

const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  postgres: postgresDialect,
  mysql: mysqlDialect,
};

/** The one place that looks a dialect up by its name. */
export function getDialect(name: DialectName): Dialect {
  // Names come from callers' data (a stored connection), so a bad one is possible at run time.
  if (!Object.hasOwn(DIALECTS, name)) throw new Error(`Unknown dialect ${String(name)}`);
  return DIALECTS[name];
}

/** What a UI needs to offer the dialects: name, label and the port a new connection proposes. */
export interface DialectDescriptor {
  name: DialectName;
  label: string;
  defaultPort: number;
}

/** Every dialect, in `DIALECT_NAMES` order. */
export function listDialects(): DialectDescriptor[] {
  return DIALECT_NAMES.map((name) => ({ name, label: DIALECTS[name].label, defaultPort: DIALECTS[name].defaultPort }));
}
