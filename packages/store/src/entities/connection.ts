import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { DialectName, TlsMode } from '@pipecraft/sync-engine/terms';

/** The engines a saved connection can point at (MariaDB is `mysql`): the engine's dialect names. */
export type ConnectionDialect = DialectName;

/**
 * A saved profile for reaching one user database (a source, a destination, or both).
 * The password is only ever held encrypted here (see `secrets/secret-box.ts`).
 */
export class Connection {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?:
    'id' | 'isSource' | 'isDestination' | 'tlsMode' | 'listAllSchemas' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  name!: string;
  dialect!: ConnectionDialect;
  host!: string;
  port!: number;
  database!: string;
  username!: string;
  /** `v2:<kid>:<iv>:<tag>:<ciphertext>` (AES-256-GCM; `v1` before key ids) or `null` when no password is set. */
  passwordEncrypted: string | null = null;
  /** TLS to the database (`disable` for connections saved before TLS existed). */
  tlsMode: TlsMode = 'disable';
  /** PEM texts, sealed like the password; `null` = none (system CAs, no client certificate). */
  tlsCaCertEncrypted: string | null = null;
  tlsClientCertEncrypted: string | null = null;
  tlsClientKeyEncrypted: string | null = null;
  /** SSH bastion; `sshHost` null = no tunnel. */
  sshHost: string | null = null;
  sshPort: number | null = null;
  sshUser: string | null = null;
  /** The bastion's pinned host key, `SHA256:<base64>`. */
  sshHostKeyFingerprint: string | null = null;
  sshPrivateKeyEncrypted: string | null = null;
  sshPassphraseEncrypted: string | null = null;
  sshPasswordEncrypted: string | null = null;
  isSource = true;
  isDestination = true;
  /**
   * Discovery lists every schema the server shows. Off: a MySQL connection's database is its only
   * schema (the server would otherwise list other people's databases too). PostgreSQL lists the
   * schemas of the connected database either way.
   */
  listAllSchemas = false;
  /** Outcome of the last connectivity test; all `lastTest*` fields are null until one ran. */
  lastTestOk: boolean | null = null;
  lastTestAt: Date | null = null;
  lastTestServerVersion: string | null = null;
  lastTestLatencyMs: number | null = null;
  lastTestCode: string | null = null;
  lastTestMessage: string | null = null;
  /** When an edit last changed how the connection is reached; a test from before then is stale. `null`: never edited. */
  settingsChangedAt: Date | null = null;
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
    tlsMode: { type: 'string', length: 16, default: 'disable' },
    tlsCaCertEncrypted: { type: 'text', nullable: true },
    tlsClientCertEncrypted: { type: 'text', nullable: true },
    tlsClientKeyEncrypted: { type: 'text', nullable: true },
    sshHost: { type: 'string', length: 255, nullable: true },
    sshPort: { type: 'integer', nullable: true },
    sshUser: { type: 'string', length: 255, nullable: true },
    sshHostKeyFingerprint: { type: 'string', length: 255, nullable: true },
    sshPrivateKeyEncrypted: { type: 'text', nullable: true },
    sshPassphraseEncrypted: { type: 'text', nullable: true },
    sshPasswordEncrypted: { type: 'text', nullable: true },
    isSource: { type: 'boolean' },
    isDestination: { type: 'boolean' },
    listAllSchemas: { type: 'boolean', default: false },
    lastTestOk: { type: 'boolean', nullable: true },
    lastTestAt: { type: 'datetime', length: 3, nullable: true },
    lastTestServerVersion: { type: 'string', length: 255, nullable: true },
    lastTestLatencyMs: { type: 'integer', nullable: true },
    lastTestCode: { type: 'string', length: 64, nullable: true },
    lastTestMessage: { type: 'text', nullable: true },
    settingsChangedAt: { type: 'datetime', length: 3, nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});

/** Every sealed field of a connection: what the key check at start and `keys rotate` walk. */
export const CONNECTION_SECRET_FIELDS = [
  'passwordEncrypted',
  'tlsCaCertEncrypted',
  'tlsClientCertEncrypted',
  'tlsClientKeyEncrypted',
  'sshPrivateKeyEncrypted',
  'sshPassphraseEncrypted',
  'sshPasswordEncrypted',
] as const satisfies ReadonlyArray<keyof Connection>;

export type ConnectionSecretField = (typeof CONNECTION_SECRET_FIELDS)[number];
