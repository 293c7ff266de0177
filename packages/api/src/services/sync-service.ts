import {
  ACTIVE_RUN_STATUSES,
  Connection,
  isUniqueViolation,
  Schedule,
  Sync,
  SyncRun,
  type EntityManager,
  type Store,
} from '@pipecraft/store';
import {
  CURSOR_WRITE_MODES,
  KEYED_WRITE_MODES,
  isEngineError,
  tableIdentity,
  type ServerIdentity,
  type SyncPlan,
  type TableRef,
} from '@pipecraft/sync-engine';
import { SYSTEM_ORIGIN, type AuditOrigin } from '../auth/actor.js';
import { diffOf } from '../auth/changes.js';
import { AppError, type AppErrorCode, type FieldErrors } from '../errors.js';
import {
  modeOptionProblems,
  type CreateSyncInput,
  type PreviewSyncInput,
  type SetWatermarkInput,
  type SyncDto,
  type UpdateSyncInput,
} from '../schemas/sync.js';
import type { ConnectionService } from './connection-service.js';
import type { AuditService } from './audit-service.js';
import type { SyncEnginePort } from './engine-port.js';
import { toSyncDto } from './sync-dto.js';

export interface SyncServiceDeps {
  store: Store;
  engine: SyncEnginePort;
  connectTimeoutMs: number;
  /** Turns a stored connection into an engine config (target policy checked, secrets decrypted). */
  connections: Pick<ConnectionService, 'engineConfigOf'>;
  /** Changes are recorded in the same flush (transaction) as they are made. */
  audit: AuditService;
}

/** The fields that decide what a sync copies where, and how. */
type SyncShape = Omit<CreateSyncInput, 'writeMode' | 'createDestinationSchema'> & { writeMode: Sync['writeMode'] };

/** The mode fields of a shape, as the entity stores them. */
function modeColumns(shape: SyncShape) {
  return {
    writeMode: shape.writeMode,
    keyColumnsJson: shape.keyColumns && shape.keyColumns.length > 0 ? JSON.stringify(shape.keyColumns) : null,
    cursorColumn: shape.cursorColumn || null,
    lookbackSeconds: shape.lookbackSeconds || null,
    deleteMissing: shape.deleteMissing,
    columnMappingJson:
      shape.columnMapping && shape.columnMapping.length > 0 ? JSON.stringify(shape.columnMapping) : null,
    driftPolicy: shape.driftPolicy,
  };
}

/** Configured table pairs: CRUD with validation (field errors) and previews via the engine. */
export class SyncService {
  readonly #deps: SyncServiceDeps;

  constructor(deps: SyncServiceDeps) {
    this.#deps = deps;
  }

  async list(): Promise<SyncDto[]> {
    const em = this.#deps.store.em();
    const syncs = await em.find(Sync, {}, { orderBy: { name: 'asc' } });
    const lastRuns = await this.#lastRuns(
      em,
      syncs.map((sync) => sync.id),
    );
    return syncs.map((sync) => toSyncDto(sync, lastRuns.get(sync.id) ?? null));
  }

  async get(id: string): Promise<SyncDto> {
    const em = this.#deps.store.em();
    const sync = await this.#load(em, id);
    return toSyncDto(sync, (await this.#lastRuns(em, [id])).get(id) ?? null);
  }

  async create(input: CreateSyncInput, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<SyncDto> {
    const em = this.#deps.store.em();
    const { source, destination } = await this.#validate(em, input, null, {
      sourceTable: true,
      destination: true,
      modeOptions: true,
    });
    const sync = em.create(Sync, {
      name: input.name,
      description: input.description || null,
      sourceConnection: source,
      sourceSchema: input.sourceSchema,
      sourceTable: input.sourceTable,
      destinationConnection: destination,
      destinationSchema: input.destinationSchema,
      destinationTable: input.destinationTable,
      ...modeColumns(input),
      createDestinationSchema: input.createDestinationSchema,
      retryCount: input.retryCount,
      retryBackoffMs: input.retryBackoffMs,
    });
    const dto = toSyncDto(sync, null);
    this.#deps.audit.record(em, origin, {
      action: 'sync.create',
      target: { type: 'sync', id: sync.id },
      changes: diffOf(null, dto),
    });
    await flushNamed(em, input.name);
    return dto;
  }

  async update(input: UpdateSyncInput, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<SyncDto> {
    const em = this.#deps.store.em();
    const sync = await this.#load(em, input.id);
    const before = toSyncDto(sync, null);
    const next: SyncShape = {
      name: input.name ?? sync.name,
      description: input.description === undefined ? sync.description : input.description,
      sourceConnectionId: input.sourceConnectionId ?? sync.sourceConnection.id,
      sourceSchema: input.sourceSchema ?? sync.sourceSchema,
      sourceTable: input.sourceTable ?? sync.sourceTable,
      destinationConnectionId: input.destinationConnectionId ?? sync.destinationConnection.id,
      destinationSchema: input.destinationSchema ?? sync.destinationSchema,
      destinationTable: input.destinationTable ?? sync.destinationTable,
      writeMode: input.writeMode ?? sync.writeMode,
      retryCount: input.retryCount ?? sync.retryCount,
      retryBackoffMs: input.retryBackoffMs ?? sync.retryBackoffMs,
      keyColumns: input.keyColumns === undefined ? parseList(sync.keyColumnsJson) : input.keyColumns,
      cursorColumn: input.cursorColumn === undefined ? sync.cursorColumn : input.cursorColumn,
      lookbackSeconds: input.lookbackSeconds === undefined ? sync.lookbackSeconds : input.lookbackSeconds,
      deleteMissing: input.deleteMissing ?? sync.deleteMissing,
      columnMapping:
        input.columnMapping === undefined
          ? (JSON.parse(sync.columnMappingJson ?? 'null') as SyncShape['columnMapping'])
          : input.columnMapping,
      driftPolicy: input.driftPolicy ?? sync.driftPolicy,
    };
    const nextColumns = modeColumns(next);
    // A watermark is a position in (cursor, key) order of one source table: it means nothing once any of those change.
    const positionChanged =
      nextColumns.cursorColumn !== sync.cursorColumn ||
      nextColumns.keyColumnsJson !== sync.keyColumnsJson ||
      nextColumns.writeMode !== sync.writeMode;
    // Only ask the source database again when the source changed: renaming a sync must not
    // depend on the source being reachable.
    const sourceChanged =
      next.sourceConnectionId !== sync.sourceConnection.id ||
      next.sourceSchema !== sync.sourceSchema ||
      next.sourceTable !== sync.sourceTable;
    const destinationChanged =
      next.destinationConnectionId !== sync.destinationConnection.id ||
      next.destinationSchema !== sync.destinationSchema ||
      next.destinationTable !== sync.destinationTable;
    const { source, destination } = await this.#validate(em, next, sync.id, {
      sourceTable: sourceChanged,
      destination: sourceChanged || destinationChanged,
      modeOptions: sourceChanged || positionChanged,
    });
    sync.name = next.name;
    sync.description = next.description || null;
    sync.sourceConnection = source;
    sync.sourceSchema = next.sourceSchema;
    sync.sourceTable = next.sourceTable;
    sync.destinationConnection = destination;
    sync.destinationSchema = next.destinationSchema;
    sync.destinationTable = next.destinationTable;
    Object.assign(sync, nextColumns);
    if (sourceChanged || positionChanged) sync.watermarkJson = null;
    if (input.createDestinationSchema !== undefined) sync.createDestinationSchema = input.createDestinationSchema;
    sync.retryCount = next.retryCount;
    sync.retryBackoffMs = next.retryBackoffMs;
    sync.updatedAt = new Date();
    this.#deps.audit.record(em, origin, {
      action: 'sync.update',
      target: { type: 'sync', id: sync.id },
      changes: diffOf(before, toSyncDto(sync, null)),
    });
    await flushNamed(em, sync.name);
    return toSyncDto(sync, (await this.#lastRuns(em, [sync.id])).get(sync.id) ?? null);
  }

  /** Deletes the sync and its runs; refused while a run is active. */
  async delete(id: string, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<{ id: string }> {
    const em = this.#deps.store.em();
    const sync = await this.#load(em, id);
    const active = await em.findOne(SyncRun, { sync: id, status: { $in: [...ACTIVE_RUN_STATUSES] } });
    if (active) {
      throw new AppError(
        'RUN_ALREADY_ACTIVE',
        `Sync "${sync.name}" has an active run (run ${active.id}); wait for it to finish before deleting.`,
      );
    }
    await em.transactional(async (tx) => {
      await tx.nativeDelete(SyncRun, { sync: id });
      await tx.nativeDelete(Schedule, { sync: id });
      await tx.nativeDelete(Sync, { id });
      this.#deps.audit.record(tx, origin, {
        action: 'sync.delete',
        target: { type: 'sync', id },
        changes: diffOf(toSyncDto(sync, null), null),
      });
    });
    return { id };
  }

  /**
   * The checks `create` makes (name, connections, source table, destination not the source nor
   * another sync's), without creating anything; throws the same AppError.
   */
  async check(input: CreateSyncInput): Promise<void> {
    await this.#validate(this.#deps.store.em(), input, null, {
      sourceTable: true,
      destination: true,
      modeOptions: true,
    });
  }

  /** What a run would do (DDL, lossy columns, mismatches), touching nothing. */
  async preview(input: PreviewSyncInput): Promise<SyncPlan> {
    const em = this.#deps.store.em();
    const [source, destination] = await Promise.all([
      em.findOne(Connection, input.sourceConnectionId),
      em.findOne(Connection, input.destinationConnectionId),
    ]);
    const fieldErrors: FieldErrors = {};
    if (!source) fieldErrors.sourceConnectionId = ['This connection does not exist.'];
    if (!destination) fieldErrors.destinationConnectionId = ['This connection does not exist.'];
    if (!source || !destination)
      throw new AppError('NOT_FOUND', 'A selected connection does not exist.', { fieldErrors });
    const { connections } = this.#deps;
    return this.#deps.engine.planSync({
      source: {
        connection: connections.engineConfigOf(source),
        table: { schema: input.sourceSchema, table: input.sourceTable },
      },
      destination: {
        connection: connections.engineConfigOf(destination),
        table: { schema: input.destinationSchema, table: input.destinationTable },
      },
      createDestinationSchema: input.createDestinationSchema ?? false,
      ...(input.writeMode
        ? {
            writeMode: input.writeMode,
            keyColumns: input.keyColumns,
            cursorColumn: input.cursorColumn,
            lookbackSeconds: input.lookbackSeconds,
            deleteMissing: input.deleteMissing,
          }
        : {}),
      columnMapping: input.columnMapping,
      driftPolicy: input.driftPolicy,
    });
  }

  /**
   * Set the watermark (`null`: reset, the next run reads from the beginning). Refused while a run
   * is active: that run would overwrite it with its own when it commits.
   */
  async setWatermark(
    input: { id: string; watermark: SetWatermarkInput['watermark'] | null },
    origin: AuditOrigin = SYSTEM_ORIGIN,
  ): Promise<SyncDto> {
    const em = this.#deps.store.em();
    const sync = await this.#load(em, input.id);
    if (!CURSOR_WRITE_MODES.includes(sync.writeMode)) {
      throw new AppError('VALIDATION_FAILED', 'Only incremental modes keep a watermark.');
    }
    const active = await em.findOne(SyncRun, { sync: sync.id, status: { $in: [...ACTIVE_RUN_STATUSES] } });
    if (active) {
      throw new AppError(
        'RUN_ALREADY_ACTIVE',
        `Sync "${sync.name}" has an active run (run ${active.id}); change the watermark once it has finished.`,
      );
    }
    if (input.watermark) {
      // Checked against the source's key and cursor type, as the next run would.
      try {
        await this.#deps.engine.checkSyncOptions(
          {
            connection: this.#deps.connections.engineConfigOf(sync.sourceConnection),
            table: { schema: sync.sourceSchema, table: sync.sourceTable },
          },
          {
            writeMode: sync.writeMode,
            keyColumns: parseList(sync.keyColumnsJson),
            cursorColumn: sync.cursorColumn,
            watermark: input.watermark,
          },
        );
      } catch (error) {
        if (!isEngineError(error) || error.code !== 'SYNC_OPTIONS_INVALID') throw error;
        throw new AppError('VALIDATION_FAILED', error.message, { fieldErrors: { watermark: [error.message] } });
      }
    }
    const before = toSyncDto(sync, null);
    sync.watermarkJson = input.watermark ? JSON.stringify(input.watermark) : null;
    sync.updatedAt = new Date();
    this.#deps.audit.record(em, origin, {
      action: input.watermark ? 'sync.setWatermark' : 'sync.resetWatermark',
      target: { type: 'sync', id: sync.id },
      changes: diffOf(before, toSyncDto(sync, null)),
    });
    await em.flush();
    return toSyncDto(sync, (await this.#lastRuns(em, [sync.id])).get(sync.id) ?? null);
  }

  async #load(em: EntityManager, id: string): Promise<Sync> {
    const sync = await em.findOne(Sync, id);
    if (!sync) throw new AppError('NOT_FOUND', 'This sync does not exist (it may have been deleted).');
    return sync;
  }

  /**
   * Checks everything a form can get wrong and reports it per field, all at once:
   * a free name, existing connections of the right role, a real source table (`check.sourceTable`),
   * and that the destination is neither the source itself nor another sync's destination
   * (`check.destination`, asking the servers who they are).
   */
  async #validate(
    em: EntityManager,
    input: SyncShape,
    exceptId: string | null,
    check: { sourceTable: boolean; destination: boolean; modeOptions: boolean },
  ): Promise<{ source: Connection; destination: Connection }> {
    const problems: Array<{ code: AppErrorCode; field: string; message: string }> = [];
    const add = (code: AppErrorCode, field: string, message: string) => problems.push({ code, field, message });
    for (const [field, message] of Object.entries(modeOptionProblems(input))) add('VALIDATION_FAILED', field, message);

    const others = await em.find(Sync, exceptId ? { id: { $ne: exceptId } } : {}, { fields: ['id', 'name'] });
    if (others.some((other) => other.name.toLowerCase() === input.name.toLowerCase())) {
      add('NAME_TAKEN', 'name', `A sync named "${input.name}" already exists.`);
    }
    const source = await em.findOne(Connection, input.sourceConnectionId);
    const destination = await em.findOne(Connection, input.destinationConnectionId);
    if (!source) add('NOT_FOUND', 'sourceConnectionId', 'This connection does not exist.');
    else if (!source.isSource)
      add('NOT_A_SOURCE', 'sourceConnectionId', `Connection "${source.name}" is not marked as a source.`);
    if (!destination) add('NOT_FOUND', 'destinationConnectionId', 'This connection does not exist.');
    else if (!destination.isDestination) {
      add(
        'NOT_A_DESTINATION',
        'destinationConnectionId',
        `Connection "${destination.name}" is not marked as a destination.`,
      );
    }
    if (
      input.sourceConnectionId === input.destinationConnectionId &&
      input.sourceSchema === input.destinationSchema &&
      input.sourceTable === input.destinationTable
    ) {
      add('SAME_TABLE', 'destinationTable', 'The destination cannot be the source table itself.');
    }
    if (check.sourceTable && source?.isSource && problems.length === 0) {
      try {
        await this.#deps.engine.listColumns(this.#deps.connections.engineConfigOf(source), {
          schema: input.sourceSchema,
          table: input.sourceTable,
        });
      } catch (error) {
        if (isEngineError(error) && (error.code === 'TABLE_NOT_FOUND' || error.code === 'SCHEMA_NOT_FOUND')) {
          add(
            'TABLE_NOT_FOUND',
            'sourceTable',
            `Table "${input.sourceSchema}"."${input.sourceTable}" was not found in connection "${source.name}".`,
          );
        } else {
          throw error;
        }
      }
    }
    if (check.modeOptions && source?.isSource && problems.length === 0 && needsSourceCheck(input)) {
      try {
        await this.#deps.engine.checkSyncOptions(
          {
            connection: this.#deps.connections.engineConfigOf(source),
            table: { schema: input.sourceSchema, table: input.sourceTable },
          },
          input,
        );
      } catch (error) {
        if (!isEngineError(error) || error.code !== 'SYNC_OPTIONS_INVALID') throw error;
        const field = /cursor|lookback/i.test(error.message) ? 'cursorColumn' : 'keyColumns';
        add('SYNC_OPTIONS_INVALID', field, error.message);
      }
    }
    if (check.destination && source && destination && problems.length === 0) {
      const clash = await this.#destinationClash(em, input, source, destination, exceptId);
      if (clash) add(clash.code, 'destinationTable', clash.message);
    }
    const first = problems[0];
    if (first || !source || !destination) {
      const fieldErrors: FieldErrors = {};
      for (const problem of problems) (fieldErrors[problem.field] ??= []).push(problem.message);
      const message =
        problems.length === 1
          ? first!.message
          : `${problems.length} fields need attention: ${problems.map((p) => p.message).join(' ')}`;
      throw new AppError(first?.code ?? 'NOT_FOUND', message, { fieldErrors });
    }
    return { source, destination };
  }

  /**
   * The destination table, judged by who the servers say they are (one server may be reached by
   * two connections, e.g. 127.0.0.1 and localhost) and by names as the server stores them
   * (PostgreSQL truncates to 63 bytes): is it the source, or written by another sync? When the
   * destination server cannot be asked, the save goes ahead: the run refuses the same table again.
   */
  async #destinationClash(
    em: EntityManager,
    input: SyncShape,
    source: Connection,
    destination: Connection,
    exceptId: string | null,
  ): Promise<{ code: AppErrorCode; message: string } | null> {
    const identities = new Map<string, Promise<ServerIdentity | null>>();
    const identityOf = (connection: Connection) => {
      let identity = identities.get(connection.id);
      if (!identity) {
        identity = this.#deps.engine
          .serverIdentity(this.#deps.connections.engineConfigOf(connection))
          .catch(() => null);
        identities.set(connection.id, identity);
      }
      return identity;
    };
    const destinationTable: TableRef = { schema: input.destinationSchema, table: input.destinationTable };
    const destinationIdentity = await identityOf(destination);
    if (!destinationIdentity) return null;
    const key = tableIdentity(destinationIdentity, destinationTable);
    const shown = `"${input.destinationSchema}"."${input.destinationTable}"`;

    if (source.dialect === destination.dialect) {
      const sourceIdentity = await identityOf(source);
      const sourceTable: TableRef = { schema: input.sourceSchema, table: input.sourceTable };
      if (sourceIdentity && tableIdentity(sourceIdentity, sourceTable) === key) {
        const through =
          source.id === destination.id
            ? ''
            : ` (connections "${source.name}" and "${destination.name}" reach the same database)`;
        return {
          code: 'SAME_TABLE',
          message: `The destination ${shown} is the source table itself${through}.`,
        };
      }
    }

    // Names compared loosely first (case-folded, same dialect) so only likely clashes ask a server.
    const loose = (identity: ServerIdentity, table: TableRef) =>
      tableIdentity({ ...identity, server: '', caseInsensitiveNames: true }, table);
    const looseKey = loose(destinationIdentity, destinationTable);
    const others = await em.find(Sync, exceptId ? { id: { $ne: exceptId } } : {}, {
      populate: ['destinationConnection'],
      orderBy: { name: 'asc' },
    });
    for (const other of others) {
      const otherConnection = other.destinationConnection;
      if (otherConnection.dialect !== destination.dialect) continue;
      const otherTable: TableRef = { schema: other.destinationSchema, table: other.destinationTable };
      if (loose(destinationIdentity, otherTable) !== looseKey) continue;
      const otherIdentity = await identityOf(otherConnection);
      if (otherIdentity && tableIdentity(otherIdentity, otherTable) === key) {
        return {
          code: 'DESTINATION_TAKEN',
          message: `Sync "${other.name}" already writes ${shown} (as "${other.destinationSchema}"."${other.destinationTable}" through connection "${otherConnection.name}"); two syncs refreshing one table would overwrite each other.`,
        };
      }
    }
    return null;
  }

  /** The newest run of each sync. */
  async #lastRuns(em: EntityManager, syncIds: string[]): Promise<Map<string, SyncRun>> {
    const result = new Map<string, SyncRun>();
    if (syncIds.length === 0) return result;
    // One query per sync keeps this portable and indexed (sync_id, created_at); sync lists are short.
    for (const syncId of syncIds) {
      const run = await em.findOne(SyncRun, { sync: syncId }, { orderBy: { createdAt: 'desc' }, populate: ['sync'] });
      if (run) result.set(syncId, run);
    }
    return result;
  }
}

/** Modes whose options depend on the source's columns (a cursor, or a merge key). */
function needsSourceCheck(shape: SyncShape): boolean {
  return CURSOR_WRITE_MODES.includes(shape.writeMode) || KEYED_WRITE_MODES.includes(shape.writeMode);
}

function parseList(json: string | null): string[] | null {
  return json === null ? null : (JSON.parse(json) as string[]);
}

async function flushNamed(em: EntityManager, name: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = `A sync named "${name}" already exists.`;
      throw new AppError('NAME_TAKEN', message, { fieldErrors: { name: [message] } });
    }
    throw error;
  }
}
