import { mkdir } from 'node:fs/promises';
import { MikroORM, type EntityManager, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import {
  describeStoreLocation,
  resolveStoreLocation,
  type StoreDialect,
  type StoreLocation,
} from './config/store-location.js';
import { ConnectionSchema } from './entities/connection.js';
import { SyncSchema } from './entities/sync.js';
import { SyncRunSchema } from './entities/sync-run.js';
import { ApiTokenSchema } from './entities/api-token.js';
import { AuditEventSchema } from './entities/audit-event.js';
import { SessionSchema } from './entities/session.js';
import { UserSchema } from './entities/user.js';
import { Webhook, WebhookSchema } from './entities/webhook.js';
import { WebhookDeliverySchema } from './entities/webhook-delivery.js';
import { RunClaimLockSchema, WorkerSchema } from './entities/worker.js';
import { migrationsList } from './migrations/index.js';
import { Connection, CONNECTION_SECRET_FIELDS } from './entities/connection.js';
import { createSecretBox, type Keyring, type SecretBox } from './secrets/secret-box.js';
import { assertKeysOpenStore, inventorySealedValues } from './secrets/secret-check.js';
import {
  createKeyFile,
  keyFileReloader,
  prependKeyToFile,
  readKeyring,
  SecretKeyError,
  secretKeyFile,
} from './secrets/secret-key.js';

export interface OpenStoreOptions {
  /** PipeCraft's data directory (SQLite file, `secret.key`); created when missing. */
  dataDir: string;
  /** `postgresql://…` or `mysql://…`; empty or absent = SQLite in `dataDir`. */
  url?: string | null;
  /**
   * Base64 of 32 bytes, or several comma-separated (current first); absent = the key ring in
   * `<dataDir>/secret.key`, generated on first start — and only then: once secrets are stored, a
   * missing or wrong key is a `SecretKeyError`, never a silent new key.
   */
  secretKey?: string | null;
  /** Apply pending migrations while opening. Default true (upgrades keep existing data). */
  migrate?: boolean;
}

/** Result of a store health check, safe to show (no URL, no password). */
export interface StoreStatus {
  ok: boolean;
  dialect: StoreDialect;
  /** Present when `ok` is false. */
  error?: string;
}

/** PipeCraft's own metadata database, opened and migrated. */
export class Store {
  readonly #orm: MikroORM;
  readonly #location: StoreLocation;
  #secrets: SecretBox;

  constructor(orm: MikroORM, location: StoreLocation, secrets: SecretBox) {
    this.#orm = orm;
    this.#location = location;
    this.#secrets = secrets;
  }

  /** Encrypts and decrypts connection passwords, TLS keys and SSH credentials. */
  get secrets(): SecretBox {
    return this.#secrets;
  }

  /** Seal from now on with this box (after a key rotation). */
  useSecrets(secrets: SecretBox): void {
    this.#secrets = secrets;
  }

  /**
   * Re-seals every stored secret not sealed under the current key; returns how many changed. Each
   * value is replaced only if it is still the one read (a concurrent edit wins), so a running
   * server may keep working meanwhile: old keys stay in the ring and keep opening older values.
   */
  async resealSecrets(): Promise<number> {
    const em = this.em();
    const rows = await em.find(Connection, {}, { fields: ['id', ...CONNECTION_SECRET_FIELDS] });
    let changed = 0;
    for (const row of rows) {
      for (const field of CONNECTION_SECRET_FIELDS) {
        const sealed = row[field];
        if (sealed === null || sealed === undefined) continue;
        if (this.#secrets.keyIdOfSealed(sealed) === this.#secrets.currentKeyId) continue;
        const resealed = this.#secrets.encrypt(this.#secrets.decrypt(sealed));
        changed += await em.nativeUpdate(Connection, { id: row.id, [field]: sealed }, { [field]: resealed });
      }
    }
    for (const webhook of await em.find(Webhook, {}, { fields: ['id', 'secretSealed'] })) {
      const sealed = webhook.secretSealed;
      if (this.#secrets.keyIdOfSealed(sealed) === this.#secrets.currentKeyId) continue;
      const resealed = this.#secrets.encrypt(this.#secrets.decrypt(sealed));
      changed += await em.nativeUpdate(Webhook, { id: webhook.id, secretSealed: sealed }, { secretSealed: resealed });
    }
    return changed;
  }

  get dialect(): StoreDialect {
    return this.#location.dialect;
  }

  /** Where the store lives, printable (password removed). */
  get description(): string {
    return describeStoreLocation(this.#location);
  }

  /** A fresh unit of work; use one per request or background step, never share across them. */
  em(): EntityManager {
    return this.#orm.em.fork();
  }

  /** Applies pending migrations; returns the names applied. */
  async migrate(): Promise<string[]> {
    const applied = await this.#orm.migrator.up();
    return applied.map((m) => m.name);
  }

  /** Migrations already applied, oldest first. */
  async appliedMigrations(): Promise<string[]> {
    const rows = await this.#orm.migrator.getExecuted();
    return rows.map((row) => row.name);
  }

  /** Round trip to the store, for `/healthz`. */
  async status(): Promise<StoreStatus> {
    try {
      await this.em().getConnection().execute('select 1');
      return { ok: true, dialect: this.dialect };
    } catch {
      return { ok: false, dialect: this.dialect, error: 'The store did not answer.' };
    }
  }

  async close(): Promise<void> {
    await this.#orm.close(true);
  }
}

/**
 * Opens the store: creates the data directory and the database when missing (SQLite needs nothing
 * installed), loads or generates the secret key, and runs pending migrations.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const location = resolveStoreLocation(options.dataDir, options.url);
  const keyOptions = { dataDir: options.dataDir, configuredKey: options.secretKey ?? null };
  // Read (and validate) the keys before touching the database, so a malformed key fails first.
  const ring = await readKeyring(keyOptions);
  const orm = await MikroORM.init(await ormOptions(location));
  // A placeholder box until the keys are checked against what the store holds.
  const store = new Store(orm, location, createSecretBox(ring ?? [Buffer.alloc(32)]));
  try {
    if (options.migrate !== false) await store.migrate();
    store.useSecrets(await checkedSecretBox(store, options, ring));
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** Where the keys come from, for messages. */
function keySourceOf(options: OpenStoreOptions): string {
  return options.secretKey ? 'PIPECRAFT_SECRET_KEY' : secretKeyFile(options.dataDir);
}

/**
 * The secret box for this store: with the configured or saved keys, checked to open what is
 * stored; a key file is generated only while the store holds no secret at all.
 */
async function checkedSecretBox(store: Store, options: OpenStoreOptions, ring: Keyring | null): Promise<SecretBox> {
  const inventory = await inventorySealedValues(store.em(), store.secrets);
  if (ring === null) {
    if (inventory.count > 0) {
      throw new SecretKeyError(
        `The secret key file ${secretKeyFile(options.dataDir)} is missing, but the store holds ${inventory.count} encrypted secret${inventory.count === 1 ? '' : 's'} (connection passwords, webhook secrets). ` +
          'Restore the key file from your backup of the data directory, or set PIPECRAFT_SECRET_KEY to the key. PipeCraft does not generate a new key while secrets exist: it could not open them.',
      );
    }
    ring = await createKeyFile(options.dataDir);
  }
  const box = createSecretBox(ring, options.secretKey ? {} : { reload: keyFileReloader(options.dataDir) });
  assertKeysOpenStore(inventory, box, keySourceOf(options));
  return box;
}

/** What `rotateSecretKey` did. */
export interface KeyRotation {
  /** The key now sealing new values. */
  currentKeyId: string;
  /** Every key id in the ring afterwards (old ones kept so older copies and backups stay readable). */
  keyIds: string[];
  /** Secrets re-sealed under the current key. */
  resealed: number;
}

/**
 * `pipecraft keys rotate`: with a key file, puts a new key at the head of the ring (keeping the old
 * ones) and re-seals every secret under it; a running server picks the new ring up on its next
 * encryption or on reading a value under the new key, so nothing stops. With
 * `PIPECRAFT_SECRET_KEY`, the operator put the new key first in the list; this re-seals under it.
 */
export async function rotateSecretKey(options: OpenStoreOptions): Promise<KeyRotation> {
  const store = await openStore(options);
  try {
    if (!options.secretKey) {
      const ring = await readKeyring({ dataDir: options.dataDir });
      if (!ring) throw new SecretKeyError(`The secret key file ${secretKeyFile(options.dataDir)} disappeared.`);
      const next = await prependKeyToFile(options.dataDir, ring);
      store.useSecrets(createSecretBox(next, { reload: keyFileReloader(options.dataDir) }));
    }
    const resealed = await store.resealSecrets();
    return { currentKeyId: store.secrets.currentKeyId, keyIds: [...store.secrets.keyIds], resealed };
  } finally {
    await store.close();
  }
}

async function ormOptions(location: StoreLocation): Promise<Partial<Options>> {
  const common: Partial<Options> = {
    entities: [
      ConnectionSchema,
      SyncSchema,
      SyncRunSchema,
      UserSchema,
      SessionSchema,
      ApiTokenSchema,
      AuditEventSchema,
      WebhookSchema,
      WebhookDeliverySchema,
      WorkerSchema,
      RunClaimLockSchema,
    ],
    extensions: [Migrator],
    migrations: {
      migrationsList,
      // The list in code is the source of truth: no snapshot files, no glob of a folder.
      snapshot: false,
      silent: true,
      // MySQL commits implicitly around DDL, so a wrapping transaction would only pretend.
      transactional: location.dialect !== 'mysql',
      allOrNothing: true,
      // Named explicitly since the first release, so the history survives MikroORM's upgrades
      // (v6 and v7 keep the same id/name/executed_at columns in it).
      tableName: 'pc_migrations',
    },
    forceUtcTimezone: true,
    // Requests and background runs each fork their own EntityManager.
    allowGlobalContext: false,
    debug: false,
  };
  // Drivers load lazily: a store loads only its own dialect's client library.
  switch (location.dialect) {
    case 'sqlite': {
      // node:sqlite (built into Node >= 22.13) through MikroORM's generic SQLite driver: no native
      // addon to compile on install; see docs/decisions/004-node-24-through-the-node-package.md.
      const { SqliteDriver, NodeSqliteDialect } = await import('@mikro-orm/sql');
      return {
        ...common,
        driver: SqliteDriver,
        dbName: location.file,
        driverOptions: new NodeSqliteDialect(location.file),
      };
    }
    case 'postgresql': {
      const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
      return { ...common, driver: PostgreSqlDriver, clientUrl: location.url };
    }
    case 'mysql': {
      const { MySqlDriver } = await import('@mikro-orm/mysql');
      return { ...common, driver: MySqlDriver, clientUrl: location.url };
    }
  }
}
