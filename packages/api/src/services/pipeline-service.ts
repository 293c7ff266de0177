import type { PipelineRunner } from '@pipecraft/runner';
import {
  ACTIVE_RUN_STATUSES,
  Connection,
  isUniqueViolation,
  Pipeline,
  Schedule,
  Sync,
  SyncRun,
  type NamingRule,
  type Store,
} from '@pipecraft/store';
import { isEngineError } from '@pipecraft/sync-engine';
import { SYSTEM_ORIGIN, type AuditOrigin } from '../auth/actor.js';
import { diffOf } from '../auth/changes.js';
import { AppError } from '../errors.js';
import type { CreatePipelineInput, PipelineDto, PipelinePreview, PreviewPipelineInput } from '../schemas/pipeline.js';
import type { AuditService } from './audit-service.js';
import type { ConnectionService } from './connection-service.js';
import type { SyncEnginePort } from './engine-port.js';
import type { SyncService } from './sync-service.js';

const ACTIVE: ReadonlySet<string> = new Set(ACTIVE_RUN_STATUSES);

/** Plans asked of the servers at once while previewing many tables. */
const PREVIEW_PARALLELISM = 4;

/** The destination table a pipeline gives a source table. */
function destinationNameOf(rule: NamingRule, affix: string, table: string): string {
  if (rule === 'prefix') return `${affix}${table}`;
  if (rule === 'suffix') return `${table}${affix}`;
  return table;
}

interface PipelineServiceDeps {
  store: Store;
  engine: SyncEnginePort;
  connections: Pick<ConnectionService, 'engineConfigOf'>;
  syncs: SyncService;
  /** Where `run` starts a pipeline (the runner package's PipelineRunner). */
  runner: Pick<PipelineRunner, 'run' | 'isRunning'>;
  audit: AuditService;
}

/**
 * Pipelines: many tables of one schema copied into another in one step (one sync per table),
 * previewed together, then run, scheduled and watched as a group.
 */
export class PipelineService {
  readonly #deps: PipelineServiceDeps;

  constructor(deps: PipelineServiceDeps) {
    this.#deps = deps;
  }

  /** Every table's plan on one page, problems first: nothing is created or changed. */
  async preview(input: PreviewPipelineInput): Promise<PipelinePreview> {
    const em = this.#deps.store.em();
    const [source, destination] = await Promise.all([
      em.findOne(Connection, input.sourceConnectionId),
      em.findOne(Connection, input.destinationConnectionId),
    ]);
    if (!source || !destination) {
      throw new AppError('NOT_FOUND', 'A selected connection does not exist.', {
        fieldErrors: {
          ...(source ? {} : { sourceConnectionId: ['This connection does not exist.'] }),
          ...(destination ? {} : { destinationConnectionId: ['This connection does not exist.'] }),
        },
      });
    }
    const sourceConfig = this.#deps.connections.engineConfigOf(source);
    const destinationConfig = this.#deps.connections.engineConfigOf(destination);
    const taken = await this.#takenDestinations(input.destinationConnectionId, input.destinationSchema);
    const duplicates = duplicateNames(input);
    const tables = [...new Set(input.tables)];
    const items: PipelinePreview['items'] = new Array(tables.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < tables.length; i = next++) {
        const sourceTable = tables[i]!;
        const destinationTable = destinationNameOf(input.namingRule, input.namingAffix, sourceTable);
        const problems: string[] = [];
        const owner = taken.get(destinationTable.toLowerCase());
        if (owner) problems.push(`Sync "${owner}" already writes ${input.destinationSchema}.${destinationTable}.`);
        if (duplicates.has(destinationTable.toLowerCase()))
          problems.push(`Two selected tables would write ${input.destinationSchema}.${destinationTable}.`);
        let plan: PipelinePreview['items'][number]['plan'] = null;
        try {
          plan = await this.#deps.engine.planSync({
            source: { connection: sourceConfig, table: { schema: input.sourceSchema, table: sourceTable } },
            destination: {
              connection: destinationConfig,
              table: { schema: input.destinationSchema, table: destinationTable },
            },
          });
          for (const mismatch of plan.mismatches) problems.push(`Column "${mismatch.column}": ${mismatch.problem}`);
        } catch (error) {
          if (!isEngineError(error)) throw error;
          problems.push(error.message);
        }
        const warnings = (plan?.lossyColumns ?? []).map(
          (lossy) => `Column "${lossy.column}" (${lossy.sourceType} → ${lossy.destinationType}): ${lossy.reason}`,
        );
        items[i] = { sourceTable, destinationTable, plan, problems, warnings };
      }
    };
    await Promise.all(Array.from({ length: Math.min(PREVIEW_PARALLELISM, tables.length) }, worker));
    const rank = (item: PipelinePreview['items'][number]) =>
      item.problems.length > 0 ? 0 : item.warnings.length > 0 ? 1 : 2;
    items.sort((a, b) => rank(a) - rank(b) || a.sourceTable.localeCompare(b.sourceTable));
    return {
      items,
      problemCount: items.filter((item) => item.problems.length > 0).length,
      warningCount: items.filter((item) => item.warnings.length > 0).length,
    };
  }

  /**
   * Creates the pipeline and one sync per table in one transaction, after the checks a single
   * sync gets (for every table). Any problem refuses the whole set, naming the tables.
   */
  async create(input: CreatePipelineInput, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<PipelineDto> {
    const em = this.#deps.store.em();
    if (await em.findOne(Pipeline, { name: input.name })) {
      throw new AppError('NAME_TAKEN', `A pipeline named "${input.name}" already exists.`, {
        fieldErrors: { name: [`A pipeline named "${input.name}" already exists.`] },
      });
    }
    const duplicates = duplicateNames(input);
    const tables = [...new Set(input.tables)];
    const problems: string[] = [];
    const syncInputs = tables.map((table) => ({
      name: `${input.name} / ${table}`.slice(0, 200),
      description: null,
      sourceConnectionId: input.sourceConnectionId,
      sourceSchema: input.sourceSchema,
      sourceTable: table,
      destinationConnectionId: input.destinationConnectionId,
      destinationSchema: input.destinationSchema,
      destinationTable: destinationNameOf(input.namingRule, input.namingAffix, table),
      writeMode: input.writeMode,
      createDestinationSchema: false,
      // One mode for every table: the modes that need a cursor per table are chosen sync by sync.
      deleteMissing: 'keep' as const,
      driftPolicy: 'fail' as const,
      retryCount: input.retryCount,
      retryBackoffMs: input.retryBackoffMs,
    }));
    for (const syncInput of syncInputs) {
      if (duplicates.has(syncInput.destinationTable.toLowerCase())) {
        problems.push(`${syncInput.sourceTable}: another selected table also writes ${syncInput.destinationTable}.`);
        continue;
      }
      try {
        await this.#deps.syncs.check(syncInput);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(`${syncInput.sourceTable}: ${error.message}`);
      }
    }
    if (problems.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        `${problems.length} of ${tables.length} tables cannot be synced as chosen: ${problems.join(' ')}`,
        { fieldErrors: { tables: problems } },
      );
    }
    const [source, destination] = await Promise.all([
      em.findOneOrFail(Connection, input.sourceConnectionId),
      em.findOneOrFail(Connection, input.destinationConnectionId),
    ]);
    const pipeline = em.create(Pipeline, {
      name: input.name,
      sourceConnection: source,
      sourceSchema: input.sourceSchema,
      destinationConnection: destination,
      destinationSchema: input.destinationSchema,
      namingRule: input.namingRule,
      namingAffix: input.namingRule === 'same' ? '' : input.namingAffix,
      writeMode: input.writeMode,
      concurrency: input.concurrency,
    });
    for (const syncInput of syncInputs) {
      em.create(Sync, {
        name: syncInput.name,
        sourceConnection: source,
        sourceSchema: syncInput.sourceSchema,
        sourceTable: syncInput.sourceTable,
        destinationConnection: destination,
        destinationSchema: syncInput.destinationSchema,
        destinationTable: syncInput.destinationTable,
        writeMode: syncInput.writeMode,
        retryCount: syncInput.retryCount,
        retryBackoffMs: syncInput.retryBackoffMs,
        pipeline,
      });
    }
    this.#deps.audit.record(em, origin, {
      action: 'pipeline.create',
      target: { type: 'pipeline', id: pipeline.id },
      changes: diffOf(null, { name: input.name, tables: tables.join(', '), concurrency: input.concurrency }),
    });
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('NAME_TAKEN', 'A pipeline or sync with one of these names was created meanwhile.');
      throw error;
    }
    return this.get(pipeline.id);
  }

  async list(): Promise<PipelineDto[]> {
    const pipelines = await this.#deps.store.em().find(Pipeline, {}, { orderBy: { name: 'asc' } });
    return Promise.all(pipelines.map((pipeline) => this.get(pipeline.id)));
  }

  async get(id: string): Promise<PipelineDto> {
    const em = this.#deps.store.em();
    const pipeline = await em.findOne(Pipeline, id);
    if (!pipeline) throw new AppError('NOT_FOUND', 'This pipeline does not exist (it may have been deleted).');
    const members = (await this.#deps.syncs.list()).filter((sync) => sync.pipelineId === pipeline.id);
    return {
      id: pipeline.id,
      name: pipeline.name,
      source: {
        connectionId: pipeline.sourceConnection.id,
        connectionName: pipeline.sourceConnection.name,
        schema: pipeline.sourceSchema,
      },
      destination: {
        connectionId: pipeline.destinationConnection.id,
        connectionName: pipeline.destinationConnection.name,
        schema: pipeline.destinationSchema,
      },
      namingRule: pipeline.namingRule,
      namingAffix: pipeline.namingAffix,
      writeMode: pipeline.writeMode,
      concurrency: pipeline.concurrency,
      members,
      running:
        this.#deps.runner.isRunning(pipeline.id) ||
        members.some((sync) => sync.lastRun !== null && ACTIVE.has(sync.lastRun.status)),
      createdAt: pipeline.createdAt,
    };
  }

  /** Starts every member, at most `concurrency` at once, in the background. */
  async run(id: string, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<{ members: number }> {
    const started = await this.#deps.runner.run(id, { trigger: 'pipeline' });
    const em = this.#deps.store.em();
    this.#deps.audit.record(em, origin, { action: 'pipeline.run', target: { type: 'pipeline', id }, changes: null });
    await em.flush();
    return started;
  }

  /** Deletes the pipeline, its schedule, and its member syncs with their runs; refused while a member runs. */
  async delete(id: string, origin: AuditOrigin = SYSTEM_ORIGIN): Promise<{ id: string }> {
    const em = this.#deps.store.em();
    const pipeline = await em.findOne(Pipeline, id);
    if (!pipeline) throw new AppError('NOT_FOUND', 'This pipeline does not exist (it may have been deleted).');
    const members = await em.find(Sync, { pipeline: id }, { fields: ['id'] });
    const memberIds = members.map((sync) => sync.id);
    const active = await em.findOne(SyncRun, { sync: { $in: memberIds }, status: { $in: [...ACTIVE_RUN_STATUSES] } });
    if (active) {
      throw new AppError(
        'RUN_ALREADY_ACTIVE',
        `Pipeline "${pipeline.name}" has an active run (run ${active.id}); wait for it to finish before deleting.`,
      );
    }
    await em.transactional(async (tx) => {
      await tx.nativeDelete(SyncRun, { sync: { $in: memberIds } });
      await tx.nativeDelete(Schedule, { $or: [{ pipeline: id }, { sync: { $in: memberIds } }] });
      await tx.nativeDelete(Sync, { id: { $in: memberIds } });
      await tx.nativeDelete(Pipeline, { id });
      this.#deps.audit.record(tx, origin, {
        action: 'pipeline.delete',
        target: { type: 'pipeline', id },
        changes: diffOf({ name: pipeline.name, members: memberIds.length }, null),
      });
    });
    return { id };
  }

  /** Destination tables (lower-cased) in the schema that syncs already write, with the sync's name. */
  async #takenDestinations(connectionId: string, schema: string): Promise<Map<string, string>> {
    const syncs = await this.#deps.store
      .em()
      .find(
        Sync,
        { destinationConnection: connectionId, destinationSchema: schema },
        { fields: ['name', 'destinationTable'] },
      );
    return new Map(syncs.map((sync) => [sync.destinationTable.toLowerCase(), sync.name]));
  }
}

/** Destination names (lower-cased) that two or more selected tables would get. */
function duplicateNames(input: PreviewPipelineInput): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const table of new Set(input.tables)) {
    const name = destinationNameOf(input.namingRule, input.namingAffix, table).toLowerCase();
    if (seen.has(name)) twice.add(name);
    seen.add(name);
  }
  return twice;
}
