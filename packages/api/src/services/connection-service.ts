import type { Logger } from '@pipecraft/logger';
import { toEngineConfig } from '@pipecraft/runner';
import { Connection, isUniqueViolation, Sync, SyncRun, type Store } from '@pipecraft/store';
import { SYSTEM_ORIGIN, type AuditOrigin } from '../auth/actor.js';
import { diffOf } from '../auth/changes.js';
import { AppError, isDomainError } from '../errors.js';
import type {
  ConnectionDetailDto,
  ConnectionDto,
  ConnectionTestOutput,
  CreateConnectionInput,
  SshTunnelInput,
  TestDraftInput,
  UpdateConnectionInput,
} from '../schemas/connection.js';
import { toConnectionDto } from './connection-dto.js';
import { DEFAULT_TARGET_POLICY, targetProblem, type ConnectionTargetPolicy } from './connection-targets.js';
import type { AuditService } from './audit-service.js';
import type { SyncEnginePort } from './engine-port.js';
import { withTimeout } from './with-timeout.js';

export interface ConnectionServiceDeps {
  store: Store;
  engine: SyncEnginePort;
  logger: Logger;
  /** Upper bound for reaching a user database (tests, discovery, validation), in ms. */
  connectTimeoutMs: number;
  /** Which hosts connections may point at. Default: any host, no Unix sockets. */
  targets?: ConnectionTargetPolicy;
  /** Changes are recorded in the same flush (transaction) as they are made. */
  audit: AuditService;
}

/** TLS modes from weakest to strongest: an update that weakens TLS needs the password again. */
const TLS_STRENGTH = { disable: 0, require: 1, 'verify-ca': 2, 'verify-full': 3 } as const;

/** Saved connection profiles: CRUD, connectivity tests, and decrypted configs for the engine. */
export class ConnectionService {
  readonly #deps: ConnectionServiceDeps;

  constructor(deps: ConnectionServiceDeps) {
    this.#deps = deps;
  }

  async list(): Promise<ConnectionDetailDto[]> {
    const em = this.#deps.store.em();
    const rows = await em.find(Connection, {}, { orderBy: { name: 'asc' } });
    const syncs = await em.find(
      Sync,
      {},
      { orderBy: { name: 'asc' }, fields: ['id', 'name', 'sourceConnection', 'destinationConnection'] },
    );
    return Promise.all(rows.map((row) => this.#detail(em, row, syncs)));
  }

  async get(id: string): Promise<ConnectionDetailDto> {
    const em = this.#deps.store.em();
    const connection = await this.load(id, em);
    const syncs = await em.find(
      Sync,
      { $or: [{ sourceConnection: id }, { destinationConnection: id }] },
      { orderBy: { name: 'asc' }, fields: ['id', 'name', 'sourceConnection', 'destinationConnection'] },
    );
    return this.#detail(em, connection, syncs);
  }

  /** The DTO plus the syncs using the connection and the newest finished run among them. */
  async #detail(
    em: ReturnType<Store['em']>,
    connection: Connection,
    syncs: ReadonlyArray<Pick<Sync, 'id' | 'name' | 'sourceConnection' | 'destinationConnection'>>,
  ): Promise<ConnectionDetailDto> {
    const usedBy = syncs
      .filter((sync) => sync.sourceConnection.id === connection.id || sync.destinationConnection.id === connection.id)
      .map((sync) => ({ id: sync.id, name: sync.name }));
    const run =
      usedBy.length === 0
        ? null
        : await em.findOne(
            SyncRun,
            {
              sync: { $in: usedBy.map((sync) => sync.id) },
              status: { $in: ['success', 'failed'] },
              finishedAt: { $ne: null },
            },
            { orderBy: { finishedAt: 'desc' } },
          );
    const syncName = run ? (usedBy.find((sync) => sync.id === run.sync.id)?.name ?? '') : '';
    return {
      ...toConnectionDto(connection),
      usedBy,
      lastRun:
        run && run.finishedAt
          ? {
              id: run.id,
              syncId: run.sync.id,
              syncName,
              ok: run.status === 'success',
              finishedAt: run.finishedAt,
              errorCode: run.errorCode,
            }
          : null,
    };
  }

  async create(input: CreateConnectionInput, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<ConnectionDto> {
    const em = this.#deps.store.em();
    await this.#assertNameFree(input.name, null);
    this.#assertTargetsAllowed(input.host, input.ssh?.host ?? null);
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
      listAllSchemas: input.listAllSchemas ?? false,
    });
    this.#applyTls(connection, input);
    if (input.ssh) this.#applySsh(connection, input.ssh);
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
    assertPasswordFollowsServer(connection, input);
    const before = toConnectionDto(connection);
    const reachBefore = reachOf(connection);
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
    if (input.listAllSchemas !== undefined) connection.listAllSchemas = input.listAllSchemas;
    this.#assertTargetsAllowed(
      connection.host,
      input.ssh === undefined ? connection.sshHost : (input.ssh?.host ?? null),
    );
    if (input.clearTlsFiles) {
      connection.tlsCaCertEncrypted = null;
      connection.tlsClientCertEncrypted = null;
      connection.tlsClientKeyEncrypted = null;
    }
    this.#applyTls(connection, input);
    if (input.ssh === null) this.#clearSsh(connection);
    else if (input.ssh) this.#applySsh(connection, input.ssh);
    if (input.clearPassword) {
      connection.passwordEncrypted = null;
    } else if (input.password) {
      // An omitted or empty password keeps the stored one: the form never shows it back.
      connection.passwordEncrypted = this.#deps.store.secrets.encrypt(input.password);
    }
    connection.updatedAt = new Date();
    // A test of the old settings says nothing about the new ones (a new secret is a change, too).
    if (
      reachOf(connection) !== reachBefore ||
      input.password ||
      input.tlsCaCert ||
      input.tlsClientCert ||
      input.tlsClientKey
    )
      connection.settingsChangedAt = connection.updatedAt;
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
    const outcome = await this.#probe(connection);
    connection.lastTestOk = outcome.ok;
    connection.lastTestAt = outcome.testedAt;
    connection.lastTestServerVersion = outcome.ok ? outcome.serverVersion : null;
    connection.lastTestLatencyMs = outcome.ok ? outcome.latencyMs : null;
    connection.lastTestCode = outcome.ok ? null : outcome.code;
    connection.lastTestMessage = outcome.ok ? null : outcome.message;
    await em.flush();
    return outcome;
  }

  /**
   * Tests values as typed, stores nothing. With `id`, blank secrets are the stored ones — refused
   * (VALIDATION_FAILED on the password field) when the values point at another server, exactly as
   * `update` refuses: otherwise an editor could aim a saved password at their own server.
   */
  async testDraft(input: TestDraftInput): Promise<ConnectionTestOutput> {
    const draft = new Connection();
    if (input.id !== undefined) {
      const stored = await this.load(input.id);
      assertPasswordFollowsServer(stored, input);
      // Copied onto a detached object, field by field: nothing of the draft can reach the store.
      for (const field of STORED_FIELDS) (draft as unknown as Record<string, unknown>)[field] = stored[field];
      if (input.clearPassword) draft.passwordEncrypted = null;
    }
    draft.name = input.name ?? draft.name ?? 'draft';
    draft.dialect = input.dialect;
    draft.host = input.host;
    draft.port = input.port;
    draft.database = input.database;
    draft.username = input.username;
    if (input.password) draft.passwordEncrypted = this.#deps.store.secrets.encrypt(input.password);
    this.#applyTls(draft, input);
    if (input.ssh === null) this.#clearSsh(draft);
    else if (input.ssh) this.#applySsh(draft, input.ssh);
    return this.#probe(draft);
  }

  /** Connect, ask for the version; failures are answers (`ok: false`), never errors. */
  async #probe(connection: Connection): Promise<ConnectionTestOutput> {
    const id = connection.id;
    const testedAt = new Date();
    let outcome: ConnectionTestOutput;
    try {
      this.#assertTargetsAllowed(connection.host, connection.sshHost);
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
    return outcome;
  }

  #applyTls(
    connection: Connection,
    input: Pick<CreateConnectionInput, 'tlsMode' | 'tlsCaCert' | 'tlsClientCert' | 'tlsClientKey'>,
  ): void {
    const seal = (pem: string | undefined) => (pem && pem.trim() ? this.#deps.store.secrets.encrypt(pem) : null);
    if (input.tlsMode !== undefined) connection.tlsMode = input.tlsMode;
    connection.tlsCaCertEncrypted = seal(input.tlsCaCert) ?? connection.tlsCaCertEncrypted;
    connection.tlsClientCertEncrypted = seal(input.tlsClientCert) ?? connection.tlsClientCertEncrypted;
    connection.tlsClientKeyEncrypted = seal(input.tlsClientKey) ?? connection.tlsClientKeyEncrypted;
    const mode = connection.tlsMode;
    if ((mode === 'verify-ca' || mode === 'verify-full') && connection.tlsCaCertEncrypted === null) {
      const message = `TLS mode ${mode} needs the CA certificate that signed the server's certificate.`;
      throw new AppError('VALIDATION_FAILED', message, { fieldErrors: { tlsCaCert: [message] } });
    }
    if ((connection.tlsClientCertEncrypted === null) !== (connection.tlsClientKeyEncrypted === null)) {
      const message = 'A client certificate needs its private key, and a key its certificate.';
      throw new AppError('VALIDATION_FAILED', message, { fieldErrors: { tlsClientKey: [message] } });
    }
  }

  #applySsh(connection: Connection, ssh: SshTunnelInput): void {
    const seal = (value: string | undefined) => (value ? this.#deps.store.secrets.encrypt(value) : null);
    const sameBastion =
      connection.sshHost !== null &&
      connection.sshHost.toLowerCase() === ssh.host.toLowerCase() &&
      connection.sshPort === ssh.port &&
      connection.sshUser === ssh.user &&
      connection.sshHostKeyFingerprint === ssh.hostKeyFingerprint;
    // Stored bastion credentials follow the bastion, like the database password follows the server.
    const keep = <T>(value: T) => (sameBastion ? value : null);
    connection.sshPrivateKeyEncrypted = seal(ssh.privateKey) ?? keep(connection.sshPrivateKeyEncrypted);
    connection.sshPassphraseEncrypted = seal(ssh.passphrase) ?? keep(connection.sshPassphraseEncrypted);
    connection.sshPasswordEncrypted = seal(ssh.password) ?? keep(connection.sshPasswordEncrypted);
    if (!sameBastion && connection.sshHost !== null && !ssh.privateKey && !ssh.password) {
      const message = 'Enter the SSH key or password again: the tunnel now goes through a different bastion.';
      throw new AppError('VALIDATION_FAILED', message, { fieldErrors: { 'ssh.privateKey': [message] } });
    }
    if (connection.sshPrivateKeyEncrypted === null && connection.sshPasswordEncrypted === null) {
      const message = 'The SSH tunnel needs a private key or a password.';
      throw new AppError('VALIDATION_FAILED', message, { fieldErrors: { 'ssh.privateKey': [message] } });
    }
    connection.sshHost = ssh.host;
    connection.sshPort = ssh.port;
    connection.sshUser = ssh.user;
    connection.sshHostKeyFingerprint = ssh.hostKeyFingerprint;
  }

  #clearSsh(connection: Connection): void {
    connection.sshHost = null;
    connection.sshPort = null;
    connection.sshUser = null;
    connection.sshHostKeyFingerprint = null;
    connection.sshPrivateKeyEncrypted = null;
    connection.sshPassphraseEncrypted = null;
    connection.sshPasswordEncrypted = null;
  }

  /** Field errors when the database host or the bastion is outside the configured targets. */
  #assertTargetsAllowed(host: string, sshHost: string | null): void {
    const policy = this.#deps.targets ?? DEFAULT_TARGET_POLICY;
    const fieldErrors: Record<string, string[]> = {};
    const hostProblem = targetProblem(host, policy);
    if (hostProblem) fieldErrors.host = [hostProblem];
    const sshProblem = sshHost === null ? null : targetProblem(sshHost, { ...policy, allowUnixSockets: false });
    if (sshProblem) fieldErrors['ssh.host'] = [sshProblem];
    const first = hostProblem ?? sshProblem;
    if (first) throw new AppError('TARGET_NOT_ALLOWED', first, { fieldErrors });
  }

  /** The entity, or NOT_FOUND. */
  async load(id: string, em = this.#deps.store.em()): Promise<Connection> {
    const connection = await em.findOne(Connection, id);
    if (!connection) throw new AppError('NOT_FOUND', 'This connection does not exist (it may have been deleted).');
    return connection;
  }

  /** What the engine needs to reach the connection, password decrypted. */
  async engineConfig(id: string) {
    return this.engineConfigOf(await this.load(id));
  }

  /** The same for a loaded entity: the target policy checked, secrets decrypted. */
  engineConfigOf(connection: Connection) {
    this.#assertTargetsAllowed(connection.host, connection.sshHost);
    return toEngineConfig(connection, this.#deps.store.secrets, this.#deps.connectTimeoutMs);
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

/** The field message when an update would hand the stored password to another server. */
const PASSWORD_AGAIN_MESSAGE = 'Enter the password again: the connection now points at a different server.';

/**
 * A stored password belongs to the server it was entered for. An update that moves the connection
 * (dialect, host, port or user) must bring the password again (or clear it): otherwise anyone who
 * may edit could point it at their own server and press "test" to collect the password.
 */
function assertPasswordFollowsServer(connection: Connection, input: Omit<UpdateConnectionInput, 'id'>): void {
  if (connection.passwordEncrypted === null || input.clearPassword || input.password) return;
  const sshHost = input.ssh === undefined ? connection.sshHost : (input.ssh?.host ?? null);
  const moved =
    (input.dialect !== undefined && input.dialect !== connection.dialect) ||
    (input.host !== undefined && input.host.toLowerCase() !== connection.host.toLowerCase()) ||
    (input.port !== undefined && input.port !== connection.port) ||
    (input.username !== undefined && input.username !== connection.username) ||
    // A weaker TLS mode, or another way in (a new or changed bastion), is another path to the password.
    (input.tlsMode !== undefined && TLS_STRENGTH[input.tlsMode] < TLS_STRENGTH[connection.tlsMode]) ||
    (sshHost ?? '').toLowerCase() !== (connection.sshHost ?? '').toLowerCase() ||
    (input.ssh != null && (input.ssh.port !== connection.sshPort || input.ssh.user !== connection.sshUser));
  if (moved) {
    throw new AppError('VALIDATION_FAILED', PASSWORD_AGAIN_MESSAGE, {
      fieldErrors: { password: [PASSWORD_AGAIN_MESSAGE] },
    });
  }
}

/** What a draft test takes over from the stored connection before applying the values typed. */
const STORED_FIELDS = [
  'name',
  'passwordEncrypted',
  'tlsMode',
  'tlsCaCertEncrypted',
  'tlsClientCertEncrypted',
  'tlsClientKeyEncrypted',
  'sshHost',
  'sshPort',
  'sshUser',
  'sshHostKeyFingerprint',
  'sshPrivateKeyEncrypted',
  'sshPassphraseEncrypted',
  'sshPasswordEncrypted',
] as const satisfies ReadonlyArray<keyof Connection>;

/** How the connection reaches its server, as one comparable string (secrets are compared by the caller). */
function reachOf(connection: Connection): string {
  return JSON.stringify([
    connection.dialect,
    connection.host.toLowerCase(),
    connection.port,
    connection.database,
    connection.username,
    connection.passwordEncrypted === null,
    connection.tlsMode,
    connection.tlsCaCertEncrypted === null,
    connection.tlsClientCertEncrypted === null,
    connection.sshHost,
    connection.sshPort,
    connection.sshUser,
    connection.sshHostKeyFingerprint,
    connection.sshPrivateKeyEncrypted,
    connection.sshPasswordEncrypted,
  ]);
}

function nameTaken(name: string): AppError {
  const message = `A connection named "${name}" already exists.`;
  return new AppError('NAME_TAKEN', message, { fieldErrors: { name: [message] } });
}
