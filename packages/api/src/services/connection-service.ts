import type { Logger } from '@pipecraft/logger';
import { toEngineConfig } from '@pipecraft/runner';
import { Connection, isUniqueViolation, Sync, type Store } from '@pipecraft/store';
import { SYSTEM_ORIGIN, type AuditOrigin } from '../auth/actor.js';
import { diffOf } from '../auth/changes.js';
import { AppError, isDomainError } from '../errors.js';
import type {
  ConnectionDto,
  ConnectionTestOutput,
  CreateConnectionInput,
  UpdateConnectionInput,
} from '../schemas/connection.js';
import { toConnectionDto } from './connection-dto.js';
import type { AuditService } from './audit-service.js';
import type { SyncEnginePort } from './engine-port.js';
import { withTimeout } from './with-timeout.js';

export interface ConnectionServiceDeps {
  store: Store;
  engine: SyncEnginePort;
  logger: Logger;
  /** Upper bound for reaching a user database (tests, discovery, validation), in ms. */
  connectTimeoutMs: number;
  /** Changes are recorded in the same flush (transaction) as they are made. */
  audit: AuditService;
}

/** Saved connection profiles: CRUD, connectivity tests, and decrypted configs for the engine. */
export class ConnectionService {
  readonly #deps: ConnectionServiceDeps;

  constructor(deps: ConnectionServiceDeps) {
    this.#deps = deps;
  }

  async list(): Promise<ConnectionDto[]> {
    const rows = await this.#deps.store.em().find(Connection, {}, { orderBy: { name: 'asc' } });
    return rows.map(toConnectionDto);
  }

  async get(id: string): Promise<ConnectionDto> {
    return toConnectionDto(await this.load(id));
  }

  async create(input: CreateConnectionInput, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<ConnectionDto> {
    const em = this.#deps.store.em();
    await this.#assertNameFree(input.name, null);
    const connection = em.create(Connection, {
      name: input.name,
      dialect: input.dialect,
      host: input.host,
      port: input.port,
      database: input.database,
      username: input.username,
      passwordEncrypted: input.password ? this.#deps.store.secrets.encrypt(input.password) : null,
      isSource: input.isSource,
      isDestination: input.isDestination,
    });
    const dto = toConnectionDto(connection);
    this.#deps.audit.record(em, origin, {
      action: 'connection.create',
      target: { type: 'connection', id: connection.id },
      changes: diffOf(null, dto),
    });
    await this.#flush(em, input.name);
    return dto;
  }

  async update(input: UpdateConnectionInput, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<ConnectionDto> {
    const em = this.#deps.store.em();
    const connection = await this.load(input.id, em);
    const before = toConnectionDto(connection);
    if (input.name !== undefined && input.name !== connection.name) {
      await this.#assertNameFree(input.name, connection.id);
      connection.name = input.name;
    }
    if (input.dialect !== undefined) connection.dialect = input.dialect;
    if (input.host !== undefined) connection.host = input.host;
    if (input.port !== undefined) connection.port = input.port;
    if (input.database !== undefined) connection.database = input.database;
    if (input.username !== undefined) connection.username = input.username;
    if (input.isSource === false && connection.isSource) await this.#assertRoleUnused(em, connection, 'source');
    if (input.isDestination === false && connection.isDestination)
      await this.#assertRoleUnused(em, connection, 'destination');
    if (input.isSource !== undefined) connection.isSource = input.isSource;
    if (input.isDestination !== undefined) connection.isDestination = input.isDestination;
    if (input.clearPassword) {
      connection.passwordEncrypted = null;
    } else if (input.password) {
      // An omitted or empty password keeps the stored one: the form never shows it back.
      connection.passwordEncrypted = this.#deps.store.secrets.encrypt(input.password);
    }
    connection.updatedAt = new Date();
    const after = toConnectionDto(connection);
    const changes = diffOf(before, after);
    // Never the password itself: only that it was replaced (clearing shows as `hasPassword`).
    if (input.password && !input.clearPassword) changes.password = { before: '(hidden)', after: '(changed)' };
    this.#deps.audit.record(em, origin, {
      action: 'connection.update',
      target: { type: 'connection', id: connection.id },
      changes,
    });
    await this.#flush(em, connection.name);
    return after;
  }

  async delete(id: string, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<{ id: string }> {
    const em = this.#deps.store.em();
    const connection = await this.load(id, em);
    const users = await em.find(
      Sync,
      { $or: [{ sourceConnection: id }, { destinationConnection: id }] },
      { orderBy: { name: 'asc' } },
    );
    if (users.length > 0) {
      const names = users.map((sync) => `"${sync.name}"`).join(', ');
      throw new AppError(
        'CONNECTION_IN_USE',
        `Connection "${connection.name}" is used by ${users.length === 1 ? 'sync' : 'syncs'} ${names}; delete or change ${users.length === 1 ? 'it' : 'them'} first.`,
      );
    }
    this.#deps.audit.record(em, origin, {
      action: 'connection.delete',
      target: { type: 'connection', id },
      changes: diffOf(toConnectionDto(connection), null),
    });
    await em.remove(connection).flush();
    return { id };
  }

  /**
   * Connects, asks for the server version, and stores the outcome as the connection's last test.
   * Failures are answers, not errors: `{ ok: false, code, message }`.
   */
  async test(id: string): Promise<ConnectionTestOutput> {
    const em = this.#deps.store.em();
    const connection = await this.load(id, em);
    const testedAt = new Date();
    let outcome: ConnectionTestOutput;
    try {
      const config = toEngineConfig(connection, this.#deps.store.secrets, this.#deps.connectTimeoutMs);
      const result = await withTimeout(
        this.#deps.engine.testConnection(config),
        // The engine bounds connecting itself; this is the backstop should a driver hang afterwards.
        this.#deps.connectTimeoutMs + 2_000,
        () =>
          new AppError(
            'CONNECTION_TIMEOUT',
            `No answer from ${connection.host}:${connection.port} within ${Math.round(this.#deps.connectTimeoutMs / 1000)} s.`,
          ),
      );
      outcome = { ok: true, serverVersion: result.serverVersion, latencyMs: Math.round(result.latencyMs), testedAt };
    } catch (error) {
      if (isDomainError(error)) {
        outcome = { ok: false, code: error.code, message: error.message, testedAt };
      } else {
        this.#deps.logger.error('Connection test failed unexpectedly', { connectionId: id, error });
        outcome = {
          ok: false,
          code: 'ENGINE_ERROR',
          message: 'The test failed unexpectedly; see the server log.',
          testedAt,
        };
      }
    }
    connection.lastTestOk = outcome.ok;
    connection.lastTestAt = testedAt;
    connection.lastTestServerVersion = outcome.ok ? outcome.serverVersion : null;
    connection.lastTestLatencyMs = outcome.ok ? outcome.latencyMs : null;
    connection.lastTestCode = outcome.ok ? null : outcome.code;
    connection.lastTestMessage = outcome.ok ? null : outcome.message;
    await em.flush();
    return outcome;
  }

  /** The entity, or NOT_FOUND. */
  async load(id: string, em = this.#deps.store.em()): Promise<Connection> {
    const connection = await em.findOne(Connection, id);
    if (!connection) throw new AppError('NOT_FOUND', 'This connection does not exist (it may have been deleted).');
    return connection;
  }

  /** What the engine needs to reach the connection, password decrypted. */
  async engineConfig(id: string) {
    return toEngineConfig(await this.load(id), this.#deps.store.secrets, this.#deps.connectTimeoutMs);
  }

  /** A connection cannot stop being a source (destination) while a sync reads from (writes to) it. */
  async #assertRoleUnused(
    em: ReturnType<Store['em']>,
    connection: Connection,
    role: 'source' | 'destination',
  ): Promise<void> {
    const filter = role === 'source' ? { sourceConnection: connection.id } : { destinationConnection: connection.id };
    const users = await em.find(Sync, filter, { orderBy: { name: 'asc' } });
    if (users.length === 0) return;
    const names = users.map((sync) => `"${sync.name}"`).join(', ');
    const message = `Connection "${connection.name}" is the ${role} of ${names}; change ${users.length === 1 ? 'that sync' : 'those syncs'} first.`;
    const field = role === 'source' ? 'isSource' : 'isDestination';
    throw new AppError('CONNECTION_IN_USE', message, { fieldErrors: { [field]: [message] } });
  }

  async #assertNameFree(name: string, exceptId: string | null): Promise<void> {
    // Case-insensitive on every store (MySQL collations already are; SQLite and PostgreSQL are not).
    const rows = await this.#deps.store.em().find(Connection, {}, { fields: ['id', 'name'] });
    const wanted = name.toLowerCase();
    if (rows.some((row) => row.id !== exceptId && row.name.toLowerCase() === wanted)) {
      throw nameTaken(name);
    }
  }

  async #flush(em: ReturnType<Store['em']>, name: string): Promise<void> {
    try {
      await em.flush();
    } catch (error) {
      // Two requests raced past the check above; the unique index decides.
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
  }
}

function nameTaken(name: string): AppError {
  const message = `A connection named "${name}" already exists.`;
  return new AppError('NAME_TAKEN', message, { fieldErrors: { name: [message] } });
}
