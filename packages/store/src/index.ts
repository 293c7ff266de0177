/**
 * @pipecraft/store — PipeCraft's own metadata (connections, syncs, runs, users, sessions, API tokens, the audit log) in SQLite (default),
 * PostgreSQL or MySQL/MariaDB, with portable migrations and encrypted connection passwords.
 */
export {
  openStore,
  rotateSecretKey,
  Store,
  type KeyRotation,
  type OpenStoreOptions,
  type StoreStatus,
} from './open-store.js';
export { resolveStoreLocation, describeStoreLocation, SQLITE_FILE } from './config/store-location.js';
export type { StoreDialect, StoreLocation } from './config/store-location.js';
export {
  Connection,
  ConnectionSchema,
  CONNECTION_SECRET_FIELDS,
  type ConnectionDialect,
  type ConnectionSecretField,
} from './entities/connection.js';
export { Sync, SyncSchema, type SyncWriteMode } from './entities/sync.js';
export {
  SyncRun,
  SyncRunSchema,
  RUN_STATUSES,
  ACTIVE_RUN_STATUSES,
  type RunStatus,
  type RunPhaseRecord,
  type RunConfigSnapshot,
} from './entities/sync-run.js';
export { Webhook, WebhookSchema, webhookEventsOf } from './entities/webhook.js';
export { WebhookDelivery, WebhookDeliverySchema } from './entities/webhook-delivery.js';
export {
  WEBHOOK_EVENTS,
  type WebhookEvent,
  type WebhookDeliveryEvent,
  type WebhookDeliveryStatus,
} from './webhook-events.js';
export { User, UserSchema } from './entities/user.js';
export { ROLES, type Role } from './roles.js';
export { Session, SessionSchema } from './entities/session.js';
export { ApiToken, ApiTokenSchema } from './entities/api-token.js';
export { AuditEvent, AuditEventSchema } from './entities/audit-event.js';
export { Worker, lockRunClaims } from './entities/worker.js';
export { migrationsList } from './migrations/index.js';
export { createSecretBox, keyIdOf, SecretDecryptionError, type Keyring, type SecretBox } from './secrets/secret-box.js';
export { readKeyring, SECRET_KEY_FILE, SecretKeyError } from './secrets/secret-key.js';
export { recoverOrphanedRuns, ORPHANED_RUN_ERROR } from './recover-orphaned-runs.js';
export { isUniqueViolation } from './unique-violation.js';
export type { EntityManager, FilterQuery } from '@mikro-orm/core';
