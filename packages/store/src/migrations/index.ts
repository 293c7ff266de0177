import type { MigrationObject } from '@mikro-orm/core';
import { Migration001Initial } from './migration-001-initial.js';
import { Migration002Auth } from './migration-002-auth.js';

/**
 * Every schema migration, oldest first. Listed in code (never globbed from disk) so the same list
 * runs from TypeScript sources, tests and any bundle. Append; never edit or reorder a shipped entry.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration001Initial', class: Migration001Initial },
  { name: 'Migration002Auth', class: Migration002Auth },
];
