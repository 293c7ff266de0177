import type { ConnectionConfig, LossyColumn, SyncPlan, TableRef } from './contract.js';
import type { DdlBuilder, DialectSession } from './dialect.js';

type ColumnDefinition = Parameters<DdlBuilder['createTable']>[1][number];
import { EngineError } from './engine-error.js';
import { withSession } from './session-scope.js';
import type { LogicalColumn } from './types/logical-type.js';
import type { Converter } from './values/convert-value.js';
import { WarningLog, buildConverter, isCompatible } from './values/convert-value.js';
import { planMode, type SyncModeOptions } from './write-modes/mode-plan.js';
import { resolveSyncOptions } from './write-modes/sync-options.js';
import type { SyncRequest } from './sync-request.js';

export interface SyncEndpoints {
  source: { connection: ConnectionConfig; table: TableRef };
  destination: { connection: ConnectionConfig; table: TableRef };
}

/** A plan's input: the table pair and, optionally, the write mode and its options (checked, SYNC_OPTIONS_INVALID). */
export type PlanRequest = SyncEndpoints & Partial<SyncModeOptions>;

/** A plan plus what the run needs to execute it. */
export interface PreparedSync {
  plan: SyncPlan;
  /** Source columns in transfer order. */
  sourceColumns: LogicalColumn[];
  /** The destination column each source column goes to, same order. */
  destinationColumns: LogicalColumn[];
  /** Per column: value conversion, `null` for identity. */
  converters: Array<Converter | null>;
  /** Column definitions for CREATE TABLE when the destination is missing (live or staging name). */
  createColumns: ColumnDefinition[];
  warnings: WarningLog;
}

function describe(error: EngineError, detail: string): EngineError {
  return new EngineError(error.code, detail);
}

/**
 * Compare source and destination, decide the destination columns and their types, and list what
 * can be lost. Reads catalogs only; changes nothing.
 */
export async function prepareSync(
  source: DialectSession,
  destination: DialectSession,
  endpoints: SyncEndpoints,
): Promise<PreparedSync> {
  const sourceRef = endpoints.source.table;
  const destinationRef = endpoints.destination.table;
  const sourceColumns = await source.describeTable(sourceRef);
  if (!sourceColumns) {
    throw describe(
      new EngineError('TABLE_NOT_FOUND', ''),
      `Source table ${sourceRef.schema}.${sourceRef.table} does not exist.`,
    );
  }
  if (!(await destination.schemaExists(destinationRef.schema))) {
    throw new EngineError('SCHEMA_NOT_FOUND', `Destination schema "${destinationRef.schema}" does not exist.`);
  }
  const existing = await destination.describeTable(destinationRef);
  const destinationDialect = destination.dialect;
  // The destination's mapper sees the source by its limits, never its name.
  const sourceTraits = { label: source.dialect.label, limits: source.dialect.capabilities.valueLimits };
  const lossyColumns: LossyColumn[] = [];
  const mismatches: SyncPlan['mismatches'] = [];
  const destinationColumns: LogicalColumn[] = [];
  const planColumns: SyncPlan['columns'] = [];
  const createColumns: ColumnDefinition[] = [];

  for (const column of sourceColumns) {
    const mapping = (() => {
      try {
        return destinationDialect.typeMapper.toNative(column.logical, {
          primaryKey: column.primaryKeyPosition !== null,
          source: sourceTraits,
        });
      } catch (error) {
        if (error instanceof EngineError)
          throw new EngineError(error.code, `Column "${column.name}": ${error.message}`);
        throw error;
      }
    })();
    const reasons: string[] = [];
    if (column.domain)
      reasons.push(`domain ${column.domain}: its constraints are not carried over, the base type is used`);

    if (existing) {
      const target =
        existing.find((candidate) => candidate.name === column.name) ??
        existing.find((candidate) => candidate.name.toLowerCase() === column.name.toLowerCase());
      if (!target) {
        mismatches.push({ column: column.name, problem: `missing in the destination table` });
        continue;
      }
      if (!isCompatible(column.logical, target.logical)) {
        mismatches.push({
          column: column.name,
          problem: `source type ${column.nativeType} cannot be written into destination type ${target.nativeType}`,
        });
        continue;
      }
      if (mapping.lossyReason && mapping.nativeType === target.nativeType) reasons.push(mapping.lossyReason);
      destinationColumns.push(target);
      planColumns.push({
        name: target.name,
        sourceType: column.nativeType,
        destinationType: target.nativeType,
        nullable: target.nullable,
        primaryKeyPosition: target.primaryKeyPosition,
      });
      if (reasons.length > 0)
        lossyColumns.push({
          column: column.name,
          sourceType: column.nativeType,
          destinationType: target.nativeType,
          reason: reasons.join('; '),
        });
      continue;
    }

    if (mapping.lossyReason) reasons.push(mapping.lossyReason);
    createColumns.push({
      name: column.name,
      nativeType: mapping.nativeType,
      nullable: column.nullable,
      primaryKeyPosition: column.primaryKeyPosition,
      ...(mapping.checkValues ? { checkValues: mapping.checkValues } : {}),
    });
    destinationColumns.push({
      name: column.name,
      nativeType: mapping.nativeType,
      logical: destinationDialect.typeMapper.toLogical(mapping.nativeType),
      nullable: column.nullable,
      primaryKeyPosition: column.primaryKeyPosition,
      default: null,
    });
    planColumns.push({
      name: column.name,
      sourceType: column.nativeType,
      destinationType: mapping.nativeType,
      nullable: column.nullable,
      primaryKeyPosition: column.primaryKeyPosition,
    });
    if (reasons.length > 0)
      lossyColumns.push({
        column: column.name,
        sourceType: column.nativeType,
        destinationType: mapping.nativeType,
        reason: reasons.join('; '),
      });
  }

  if (existing) {
    const copied = new Set(destinationColumns.map((column) => column.name));
    for (const column of existing) {
      if (!copied.has(column.name) && !column.nullable && column.default === null) {
        mismatches.push({
          column: column.name,
          problem: 'destination column is NOT NULL without a default and has no source column',
        });
      }
    }
  }

  const warnings = new WarningLog();
  const converters = sourceColumns.map((column, index) => {
    const target = destinationColumns[index];
    if (!target) return null;
    return buildConverter(column.logical, target.logical, {
      column: column.name,
      destinationNullable: target.nullable,
      limits: destinationDialect.capabilities.valueLimits,
      sourceLimits: sourceTraits.limits,
      warnings,
    });
  });

  return {
    plan: {
      destinationExists: existing !== null,
      createTableDdl: existing ? '' : destinationDialect.ddl.createTable(destinationRef, createColumns),
      columns: planColumns,
      lossyColumns,
      mismatches,
    },
    sourceColumns: mismatches.length > 0 ? [] : sourceColumns,
    destinationColumns,
    converters,
    createColumns,
    warnings,
  };
}

/**
 * What a run would do — DDL, lossy columns, mismatches, and for a given write mode what its runs
 * do — without touching anything.
 */
export async function planSync(request: PlanRequest): Promise<SyncPlan> {
  return withSession(request.source.connection, (source) =>
    withSession(request.destination.connection, async (destination) => {
      const prepared = await prepareSync(source, destination, request);
      if (!request.writeMode || prepared.plan.mismatches.length > 0) return prepared.plan;
      const mode = { ...request, writeMode: request.writeMode };
      return { ...prepared.plan, ...planMode(destination, request.destination.table, prepared, mode) };
    }),
  );
}

/**
 * Check a sync's mode options against its source table alone (the cursor's type, the key), as a
 * save does; throws SYNC_OPTIONS_INVALID naming the column, or TABLE_NOT_FOUND.
 */
export async function checkSyncOptions(
  source: SyncEndpoints['source'],
  mode: SyncModeOptions,
): Promise<void> {
  await withSession(source.connection, async (session) => {
    const columns = await session.describeTable(source.table);
    if (!columns)
      throw new EngineError('TABLE_NOT_FOUND', `Source table ${source.table.schema}.${source.table.table} does not exist.`);
    const request = { ...mode, source, destination: source } as SyncRequest;
    resolveSyncOptions(request, { sourceColumns: columns, destinationColumns: columns } as PreparedSync);
  });
}
