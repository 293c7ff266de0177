import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { DialectName } from '@pipecraft/sync-engine/terms';

/** The engines a saved connection can point at (MariaDB is `mysql`): the engine's dialect names. */
export type ConnectionDialect = DialectName;

/**
 * A saved profile for reaching one user database (a source, a destination, or both).
 * The password is only ever held encrypted here (see `secrets/secret-box.ts`).
 */
export class Connection {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'id' | 'isSource' | 'isDestination' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  name!: string;
  dialect!: ConnectionDialect;
  host!: string;
  port!: number;
  database!: string;
  username!: string;
  /** `v1:<iv>:<tag>:<ciphertext>` (AES-256-GCM) or `null` when no password is set. */
  passwordEncrypted: string | null = null;
  isSource = true;
  isDestination = true;
  /** Outcome of the last connectivity test; all `lastTest*` fields are null until one ran. */
  lastTestOk: boolean | null = null;
  lastTestAt: Date | null = null;
  lastTestServerVersion: string | null = null;
  lastTestLatencyMs: number | null = null;
  lastTestCode: string | null = null;
  lastTestMessage: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const ConnectionSchema = new EntitySchema<Connection>({
  class: Connection,
  tableName: 'pc_connections',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    name: { type: 'string', length: 200, unique: 'pc_connections_name_unique' },
    dialect: { type: 'string', length: 16 },
    host: { type: 'string', length: 255 },
    port: { type: 'integer' },
    database: { type: 'string', length: 255 },
    username: { type: 'string', length: 255 },
    passwordEncrypted: { type: 'text', nullable: true },
    isSource: { type: 'boolean' },
    isDestination: { type: 'boolean' },
    lastTestOk: { type: 'boolean', nullable: true },
    lastTestAt: { type: 'datetime', length: 3, nullable: true },
    lastTestServerVersion: { type: 'string', length: 255, nullable: true },
    lastTestLatencyMs: { type: 'integer', nullable: true },
    lastTestCode: { type: 'string', length: 64, nullable: true },
    lastTestMessage: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});
