import type { MigrationObject } from '@mikro-orm/core';
import { Migration001Initial } from './migration-001-initial.js';
import { Migration002RunDetail } from './migration-002-run-detail.js';
import { Migration003ConnectionTlsSsh } from './migration-003-connection-tls-ssh.js';
import { Migration004Auth } from './migration-004-auth.js';
import { Migration006WriteModes } from './migration-006-write-modes.js';

/**
 * Every schema migration, oldest first. Listed in code (never globbed from disk) so the same list
 * runs from TypeScript sources, tests and any bundle. Append; never edit or reorder a shipped entry.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration001Initial', class: Migration001Initial },
  { name: 'Migration002RunDetail', class: Migration002RunDetail },
  { name: 'Migration003ConnectionTlsSsh', class: Migration003ConnectionTlsSsh },
  { name: 'Migration004Auth', class: Migration004Auth },
  { name: 'Migration006WriteModes', class: Migration006WriteModes },
];
