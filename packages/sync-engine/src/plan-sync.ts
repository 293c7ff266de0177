import type { ConnectionConfig, LossyColumn, SyncPlan, TableRef } from './contract.js';
import type { DdlBuilder, DialectSession } from './dialect.js';

type ColumnDefinition = Parameters<DdlBuilder['createTable']>[1][number];
import { EngineError } from './engine-error.js';
import { identifierProblems } from './plan/identifier-limits.js';
import { withSession } from './session-scope.js';
import type { LogicalColumn } from './types/logical-type.js';
import type { Converter } from './values/convert-value.js';
import { WarningLog, buildConverter, isCompatible } from './values/convert-value.js';

export interface SyncEndpoints {
  source: { connection: ConnectionConfig; table: TableRef };
  destination: { connection: ConnectionConfig; table: TableRef };
  /** A missing destination schema is planned as created (`createSchemaDdl`) instead of SCHEMA_NOT_FOUND. Default false. */
  createDestinationSchema?: boolean | undefined;
}

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
  /** The user's destination table (write modes may load a staging table; messages name this one). */
  destinationTable: TableRef;
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
  const schemaMissing = !(await destination.schemaExists(destinationRef.schema));
  if (schemaMissing && !endpoints.createDestinationSchema) {
    throw new EngineError('SCHEMA_NOT_FOUND', `Destination schema "${destinationRef.schema}" does not exist.`);
  }
  const existing = schemaMissing ? null : await destination.describeTable(destinationRef);
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
    if (column.generated !== undefined)
      reasons.push(`generated column (${column.generated}): copied as plain values, not recomputed at the destination`);

    if (existing) {
      const target =
        existing.find((candidate) => candidate.name === column.name) ??
        existing.find((candidate) => candidate.name.toLowerCase() === column.name.toLowerCase());
      if (!target) {
        mismatches.push({ column: column.name, problem: `missing in the destination table` });
        continue;
      }
      if (target.generated !== undefined) {
        mismatches.push({ column: column.name, problem: 'the destination column is generated and cannot be written' });
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

  if (!existing) {
    const names = identifierProblems(
      destinationRef.table,
      sourceColumns.map((column) => column.name),
      destinationDialect.capabilities,
      destinationDialect.label,
    );
    for (const { name, problem } of names) mismatches.push({ column: name, problem });
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

  // The source's primary key names a row in warnings and rejections (cells are in source order).
  const keyColumns = sourceColumns
    .map((column, index) => ({ name: column.name, index, position: column.primaryKeyPosition }))
    .filter((column): column is { name: string; index: number; position: number } => column.position !== null)
    .sort((a, b) => a.position - b.position)
    .map(({ name, index }) => ({ name, index }));
  const warnings = new WarningLog(keyColumns);
  const tableName = `${destinationRef.schema}.${destinationRef.table}`;
  const converters = sourceColumns.map((column, index) => {
    const target = destinationColumns[index];
    if (!target) return null;
    return buildConverter(column.logical, target.logical, {
      column: column.name,
      table: tableName,
      destinationNullable: target.nullable,
      limits: destinationDialect.capabilities.valueLimits,
      sourceLimits: sourceTraits.limits,
      warnings,
    });
  });

  return {
    plan: {
      destinationExists: existing !== null,
      createSchemaDdl: schemaMissing ? destinationDialect.ddl.createSchemaIfMissing(destinationRef.schema) : null,
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
    destinationTable: destinationRef,
  };
}

/** What a run would do — DDL, lossy columns, mismatches — without touching anything. */
export async function planSync(endpoints: SyncEndpoints): Promise<SyncPlan> {
  return withSession(endpoints.source.connection, (source) =>
    withSession(
      endpoints.destination.connection,
      async (destination) => (await prepareSync(source, destination, endpoints)).plan,
    ),
  );
}
