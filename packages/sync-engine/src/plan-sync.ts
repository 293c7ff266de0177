import type { ConnectionConfig, LossyColumn, SyncPlan, TableRef } from './contract.js';
import type { DdlBuilder, DialectSession } from './dialect.js';

type ColumnDefinition = Parameters<DdlBuilder['createTable']>[1][number];
import { EngineError } from './engine-error.js';
import { identifierProblems } from './plan/identifier-limits.js';
import { withSession } from './session-scope.js';
import type { LogicalColumn } from './types/logical-type.js';
import type { Converter } from './values/convert-value.js';
import type { ColumnMapping } from './column-mapping.js';
import type { DriftPolicy } from './drift-policies.js';
import type { SchemaChange } from './schema-changes.js';
import { SOFT_DELETE_COLUMN } from './write-modes/write-mode-names.js';
import { WarningLog, buildConverter, isCompatible } from './values/convert-value.js';
import { planMode, type SyncModeOptions } from './write-modes/mode-plan.js';
import { resolveSyncOptions } from './write-modes/sync-options.js';
import type { SyncRequest } from './sync-request.js';

export interface SyncEndpoints {
  source: { connection: ConnectionConfig; table: TableRef };
  destination: { connection: ConnectionConfig; table: TableRef };
  /** A missing destination schema is planned as created (`createSchemaDdl`) instead of SCHEMA_NOT_FOUND. Default false. */
  createDestinationSchema?: boolean | undefined;
}

/** A plan's input: the table pair and, optionally, the write mode and its options (checked, SYNC_OPTIONS_INVALID). */
export type PlanRequest = PrepareRequest & Partial<SyncModeOptions>;

/** The table pair plus how columns map and what to do when the source's columns changed. */
export type PrepareRequest = SyncEndpoints & {
  columnMapping?: ColumnMapping[] | null | undefined;
  driftPolicy?: DriftPolicy | undefined;
};

/** A plan plus what the run needs to execute it. */
export interface PreparedSync {
  /**
   * Drift under `add_columns`: `ALTER TABLE … ADD` statements the run executes before writing.
   * Empty otherwise.
   */
  driftDdl: string[];
  /** Drift under `recreate`: the run is a full refresh into a table created anew. */
  recreate: boolean;
  /** What drifted, in words (recorded in the run's warnings); empty when nothing did. */
  drift: string[];
  /**
   * What drifted, structured, with what the policy does about each change. When the plan has
   * mismatches every change reads `run_failed`: a run refuses before changing anything.
   */
  schemaChanges: SchemaChange[];
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
  endpoints: PrepareRequest,
): Promise<PreparedSync> {
  const sourceRef = endpoints.source.table;
  const destinationRef = endpoints.destination.table;
  // The two catalogs are read at once, each on its own session; the source's answer is judged first.
  const destinationShape = (async () => {
    const schemaMissing = !(await destination.schemaExists(destinationRef.schema));
    return { schemaMissing, existing: schemaMissing ? null : await destination.describeTable(destinationRef) };
  })();
  destinationShape.catch(() => undefined);
  const allSourceColumns = await source.describeTable(sourceRef);
  if (!allSourceColumns) {
    throw describe(
      new EngineError('TABLE_NOT_FOUND', ''),
      `Source table ${sourceRef.schema}.${sourceRef.table} does not exist.`,
    );
  }
  const { schemaMissing, existing } = await destinationShape;
  if (schemaMissing && !endpoints.createDestinationSchema) {
    throw new EngineError('SCHEMA_NOT_FOUND', `Destination schema "${destinationRef.schema}" does not exist.`);
  }
  const sourceColumns = mappedColumns(allSourceColumns, endpoints.columnMapping);
  const policy = endpoints.driftPolicy ?? 'fail';
  const prepared = prepareColumns(source, destination, endpoints, sourceColumns, existing, policy, schemaMissing);
  if (existing && policy === 'recreate' && prepared.plan.mismatches.length > 0) {
    const drift = prepared.plan.mismatches.map((mismatch) => `"${mismatch.column}": ${mismatch.problem}`);
    const fresh = prepareColumns(source, destination, endpoints, sourceColumns, null, policy, schemaMissing);
    return {
      ...fresh,
      plan: { ...fresh.plan, destinationExists: true },
      recreate: true,
      schemaChanges: prepared.schemaChanges.map((change) => ({ ...change, action: 'table_recreated' })),
      drift: [
        `The source's columns changed, so the destination was created anew (drift policy "recreate"): ${drift.join('; ')}.`,
      ],
    };
  }
  return prepared;
}

/** The source columns a mapping keeps, in source order; a mapping naming a missing column is refused. */
function mappedColumns(columns: LogicalColumn[], mapping: ColumnMapping[] | null | undefined): LogicalColumn[] {
  if (!mapping || mapping.length === 0) return columns;
  const names = new Set(columns.map((column) => column.name));
  const unknown = mapping.find((entry) => !names.has(entry.source));
  if (unknown)
    throw new EngineError(
      'SYNC_OPTIONS_INVALID',
      `The column mapping names "${unknown.source}", which the source table does not have.`,
    );
  const left = new Set(mapping.filter((entry) => !entry.include).map((entry) => entry.source));
  const kept = columns.filter((column) => !left.has(column.name));
  if (kept.length === 0) throw new EngineError('SYNC_OPTIONS_INVALID', 'The column mapping leaves every column out.');
  const targets = new Set<string>();
  for (const column of kept) {
    const target = mapping.find((entry) => entry.source === column.name)?.name || column.name;
    if (targets.has(target.toLowerCase()))
      throw new EngineError('SYNC_OPTIONS_INVALID', `Two columns would be named "${target}" in the destination.`);
    targets.add(target.toLowerCase());
  }
  return kept;
}

function prepareColumns(
  source: DialectSession,
  destination: DialectSession,
  endpoints: PrepareRequest,
  sourceColumns: LogicalColumn[],
  existing: LogicalColumn[] | null,
  policy: DriftPolicy,
  schemaMissing: boolean,
): PreparedSync {
  const destinationRef = endpoints.destination.table;
  const mapping = new Map((endpoints.columnMapping ?? []).map((entry) => [entry.source, entry]));
  const driftDdl: string[] = [];
  const drift: string[] = [];
  const changes: SchemaChange[] = [];
  /** Destination columns a source column went to, including ones refused (type, generated). */
  const matched = new Set<string>();
  const destinationDialect = destination.dialect;
  // The destination's mapper sees the source by its limits, never its name.
  const sourceTraits = { label: source.dialect.label, limits: source.dialect.capabilities.valueLimits };
  const lossyColumns: LossyColumn[] = [];
  const mismatches: SyncPlan['mismatches'] = [];
  const destinationColumns: LogicalColumn[] = [];
  const planColumns: SyncPlan['columns'] = [];
  const createColumns: ColumnDefinition[] = [];

  for (const column of sourceColumns) {
    const entry = mapping.get(column.name);
    const name = entry?.name || column.name;
    const reasons: string[] = [];
    let mapping_ = (() => {
      try {
        return destinationDialect.typeMapper.toNative(column.logical, {
          primaryKey: column.primaryKeyPosition !== null,
          source: sourceTraits,
        });
      } catch (error) {
        if (error instanceof EngineError && !entry?.type)
          throw new EngineError(error.code, `Column "${column.name}": ${error.message}`);
        if (error instanceof EngineError) return null;
        throw error;
      }
    })();
    if (entry?.type) {
      mapping_ = {
        nativeType: entry.type,
        ...overrideReason(column, entry.type, mapping_?.nativeType ?? null, destination),
      };
    }
    const chosen = mapping_!;
    if (column.domain)
      reasons.push(`domain ${column.domain}: its constraints are not carried over, the base type is used`);
    if (column.generated !== undefined)
      reasons.push(`generated column (${column.generated}): copied as plain values, not recomputed at the destination`);

    if (existing) {
      let target =
        existing.find((candidate) => candidate.name === name) ??
        existing.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
      if (!target) {
        changes.push({
          column: name,
          change: 'added',
          sourceType: column.nativeType,
          destinationType: null,
          action: policy === 'add_columns' ? 'column_added' : 'run_failed',
        });
      }
      if (!target && policy === 'add_columns') {
        // Drift: a column the source gained. Added nullable — the destination's existing rows have no value for it.
        driftDdl.push(destinationDialect.merge.addColumn(destinationRef, name, chosen.nativeType));
        drift.push(`added column "${name}" ${chosen.nativeType} (new in the source)`);
        target = {
          name,
          nativeType: chosen.nativeType,
          logical: destinationDialect.typeMapper.toLogical(chosen.nativeType),
          nullable: true,
          primaryKeyPosition: null,
          default: null,
        };
      }
      if (!target) {
        mismatches.push({ column: name, problem: `missing in the destination table` });
        continue;
      }
      matched.add(target.name);
      if (target.generated !== undefined) {
        mismatches.push({ column: column.name, problem: 'the destination column is generated and cannot be written' });
        continue;
      }
      if (!isCompatible(column.logical, target.logical)) {
        changes.push({
          column: target.name,
          change: 'type_changed',
          sourceType: column.nativeType,
          destinationType: target.nativeType,
          action: 'run_failed',
        });
        mismatches.push({
          column: column.name,
          problem: `source type ${column.nativeType} cannot be written into destination type ${target.nativeType}`,
        });
        continue;
      }
      if (chosen.lossyReason && chosen.nativeType === target.nativeType) reasons.push(chosen.lossyReason);
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

    if (chosen.lossyReason) reasons.push(chosen.lossyReason);
    createColumns.push({
      name,
      nativeType: chosen.nativeType,
      nullable: column.nullable,
      primaryKeyPosition: column.primaryKeyPosition,
      ...(chosen.checkValues ? { checkValues: chosen.checkValues } : {}),
    });
    destinationColumns.push({
      name,
      nativeType: chosen.nativeType,
      logical: destinationDialect.typeMapper.toLogical(chosen.nativeType),
      nullable: column.nullable,
      primaryKeyPosition: column.primaryKeyPosition,
      default: null,
    });
    planColumns.push({
      name,
      sourceType: column.nativeType,
      destinationType: chosen.nativeType,
      nullable: column.nullable,
      primaryKeyPosition: column.primaryKeyPosition,
    });
    if (reasons.length > 0)
      lossyColumns.push({
        column: name,
        sourceType: column.nativeType,
        destinationType: chosen.nativeType,
        reason: reasons.join('; '),
      });
  }

  if (!existing) {
    const names = identifierProblems(
      destinationRef.table,
      destinationColumns.map((column) => column.name),
      destinationDialect.capabilities,
      destinationDialect.label,
    );
    for (const { name, problem } of names) mismatches.push({ column: name, problem });
  }

  if (existing) {
    const copied = new Set(destinationColumns.map((column) => column.name));
    // Named by the sync, not the source: a column the mapping leaves out, and the soft-delete mark.
    const notDrift = new Set(
      [
        SOFT_DELETE_COLUMN,
        ...(endpoints.columnMapping ?? []).flatMap((entry) => (entry.include ? [] : [entry.name || entry.source])),
      ].map((name) => name.toLowerCase()),
    );
    for (const column of existing) {
      if (copied.has(column.name)) continue;
      const fillable = column.nullable || column.default !== null;
      // A source column refused above (type, generated) still has its destination column: not dropped.
      if (!matched.has(column.name) && !notDrift.has(column.name.toLowerCase())) {
        changes.push({
          column: column.name,
          change: 'dropped',
          sourceType: null,
          destinationType: column.nativeType,
          action: fillable ? 'kept_null' : 'run_failed',
        });
      }
      if (!fillable) {
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
    driftDdl,
    recreate: false,
    drift,
    // A plan with mismatches is refused whole: nothing the policy would do happens.
    schemaChanges: mismatches.length > 0 ? changes.map((change) => ({ ...change, action: 'run_failed' })) : changes,
  };
}

/**
 * A destination type the user chose: refused when the source's values cannot be written into it,
 * lossy (with the reason) when it is not the type PipeCraft would choose.
 */
function overrideReason(
  column: LogicalColumn,
  type: string,
  natural: string | null,
  destination: DialectSession,
): { lossyReason?: string } {
  let logical;
  try {
    logical = destination.dialect.typeMapper.toLogical(type);
  } catch {
    throw new EngineError(
      'SYNC_OPTIONS_INVALID',
      `Column "${column.name}": ${type} is not a ${destination.dialect.label} type PipeCraft can write.`,
    );
  }
  if (!isCompatible(column.logical, logical)) {
    throw new EngineError(
      'SYNC_OPTIONS_INVALID',
      `Column "${column.name}": its ${column.nativeType} values cannot be written into ${type}.`,
    );
  }
  if (natural !== null && natural.toLowerCase() === type.toLowerCase()) return {};
  return {
    lossyReason: `type set to ${type}${natural ? ` instead of ${natural}` : ''}: a value it cannot hold fails the run (nothing is changed)`,
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
export async function checkSyncOptions(source: SyncEndpoints['source'], mode: SyncModeOptions): Promise<void> {
  await withSession(source.connection, async (session) => {
    const columns = await session.describeTable(source.table);
    if (!columns)
      throw new EngineError(
        'TABLE_NOT_FOUND',
        `Source table ${source.table.schema}.${source.table.table} does not exist.`,
      );
    const request = { ...mode, source, destination: source } as SyncRequest;
    resolveSyncOptions(request, { sourceColumns: columns, destinationColumns: columns } as PreparedSync);
  });
}
