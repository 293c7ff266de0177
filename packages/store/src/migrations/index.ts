import type { MigrationObject } from '@mikro-orm/core';
import { Migration001Initial } from './migration-001-initial.js';
import { Migration002RunDetail } from './migration-002-run-detail.js';
import { Migration003ConnectionTlsSsh } from './migration-003-connection-tls-ssh.js';
import { Migration004Auth } from './migration-004-auth.js';
import { Migration005RunValueWarnings } from './migration-005-run-value-warnings.js';
import { Migration006WriteModes } from './migration-006-write-modes.js';
import { Migration007Unattended } from './migration-007-unattended.js';
import { Migration008RunRecordsAndWebhooks } from './migration-008-run-records-and-webhooks.js';
import { Migration009DiscoveryAndSchemaCreation } from './migration-009-discovery-and-schema-creation.js';
import { Migration010Workers } from './migration-010-workers.js';
import { Migration011SchemaChanges } from './migration-011-schema-changes.js';

/**
 * Every schema migration, oldest first. Listed in code (never globbed from disk) so the same list
 * runs from TypeScript sources, tests and any bundle. Append; never edit or reorder a shipped entry.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration001Initial', class: Migration001Initial },
  { name: 'Migration002RunDetail', class: Migration002RunDetail },
  { name: 'Migration003ConnectionTlsSsh', class: Migration003ConnectionTlsSsh },
  { name: 'Migration004Auth', class: Migration004Auth },
  { name: 'Migration005RunValueWarnings', class: Migration005RunValueWarnings },
  { name: 'Migration006WriteModes', class: Migration006WriteModes },
  { name: 'Migration007Unattended', class: Migration007Unattended },
  { name: 'Migration008RunRecordsAndWebhooks', class: Migration008RunRecordsAndWebhooks },
  { name: 'Migration009DiscoveryAndSchemaCreation', class: Migration009DiscoveryAndSchemaCreation },
  { name: 'Migration010Workers', class: Migration010Workers },
  { name: 'Migration011SchemaChanges', class: Migration011SchemaChanges },
];
