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
import { migrationsList } from './migrations/index.js';
import { createSecretBox, type SecretBox } from './secrets/secret-box.js';
import { loadOrCreateSecretKey } from './secrets/secret-key.js';

export interface OpenStoreOptions {
  /** PipeCraft's data directory (SQLite file, `secret.key`); created when missing. */
  dataDir: string;
  /** `postgresql://…` or `mysql://…`; empty or absent = SQLite in `dataDir`. */
  url?: string | null;
  /** Base64 of 32 bytes; absent = `<dataDir>/secret.key`, generated on first start. */
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
  /** Encrypts and decrypts connection passwords. */
  readonly secrets: SecretBox;

  constructor(orm: MikroORM, location: StoreLocation, secrets: SecretBox) {
    this.#orm = orm;
    this.#location = location;
    this.secrets = secrets;
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
  const key = await loadOrCreateSecretKey({ dataDir: options.dataDir, configuredKey: options.secretKey ?? null });
  const orm = await MikroORM.init(await ormOptions(location));
  const store = new Store(orm, location, createSecretBox(key));
  try {
    if (options.migrate !== false) await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
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
