import type { Logger } from '@pipecraft/logger';
import { Sync, SyncRun, type Store } from '@pipecraft/store';
import type { ColumnMapping, ConnectionConfig, SchemaChange, TableRef, Watermark } from '@pipecraft/sync-engine';
import { isEngineError } from '@pipecraft/sync-engine';
import { toEngineConfig } from './connection-config.js';
import { PhaseRecorder } from './phase-recorder.js';
import { ProgressWriter } from './progress-writer.js';
import type { RunEngine } from './run-engine.js';
import { GENERIC_INTERNAL_MESSAGE, RunnerError } from './runner-error.js';
import { settleUnrecordedRun, type RunFields } from './settle-unrecorded-run.js';

/** What executing one run needs; the in-process executor and a queue worker both pass theirs. */
export interface RunExecution {
  store: Store;
  engine: RunEngine;
  logger: Logger;
  /** Upper bound for reaching a user database, in ms. Default: the engine's own. */
  connectTimeoutMs?: number | undefined;
  /** How often live progress is written to the store, in ms. */
  progressIntervalMs: number;
  /** How long a run waits for a lock on its destination table before LOCK_TIMEOUT, in ms. */
  lockWaitMs?: number | undefined;
  /**
   * Extra conditions on the store writes that move the run forward (a worker's lease token), so a
   * holder that lost its claim changes nothing. Empty for the in-process executor.
   */
  fence?: { leaseToken: string } | undefined;
}

/** What a finished run records: its fields, and the watermark its sync moves to (cursor modes). */
export interface RunOutcome {
  fields: RunFields;
  /** JSON of the watermark committed with the rows; absent = the sync's watermark stays. */
  watermarkJson?: string | null;
}

/** Codes raised before the destination could have been changed: no need to read the run marker. */
const BEFORE_WRITE_CODES = new Set([
  'NOT_FOUND',
  'SECRET_UNREADABLE',
  'CONNECTION_REFUSED',
  'AUTH_FAILED',
  'DATABASE_NOT_FOUND',
  'SCHEMA_NOT_FOUND',
  'TABLE_NOT_FOUND',
  'TYPE_UNSUPPORTED',
  'DESTINATION_MISMATCH',
  'SAME_TABLE',
  'LOCK_TIMEOUT',
  'PERMISSION_DENIED',
  'TIMEOUT',
]);

/** Run the sync; returns what to record (never throws). */
export async function executeRun(
  execution: RunExecution,
  runId: string,
  syncId: string,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const { store, logger, engine } = execution;
  const startedAt = new Date();
  const progress = new ProgressWriter(store, runId, execution.progressIntervalMs, logger);
  const phases = new PhaseRecorder(store, runId, logger);
  let sync: Sync | null = null;
  let reachedEngine = false;
  try {
    if (signal.aborted) throw signal.reason;
    const em = store.em();
    sync = await em.findOneOrFail(Sync, syncId);
    const source = toEngineConfig(sync.sourceConnection, store.secrets, execution.connectTimeoutMs);
    const destination = toEngineConfig(sync.destinationConnection, store.secrets, execution.connectTimeoutMs);
    const moved = await store
      .em()
      .nativeUpdate(SyncRun, { id: runId, ...execution.fence }, { status: 'running', startedAt, statusDetail: null });
    if (moved === 0) throw new RunnerError('INTERRUPTED', 'This run is no longer held by the process executing it.');
    logger.info('Run started', { runId, syncId });
    reachedEngine = true;
    const result = await engine.runSync({
      source: { connection: source, table: { schema: sync.sourceSchema, table: sync.sourceTable } },
      destination: {
        connection: destination,
        table: { schema: sync.destinationSchema, table: sync.destinationTable },
      },
      writeMode: sync.writeMode,
      createDestinationSchema: sync.createDestinationSchema,
      keyColumns: parseJson<string[]>(sync.keyColumnsJson),
      cursorColumn: sync.cursorColumn,
      watermark: parseJson<Watermark>(sync.watermarkJson),
      lookbackSeconds: sync.lookbackSeconds,
      deleteMissing: sync.deleteMissing,
      columnMapping: parseJson<ColumnMapping[]>(sync.columnMappingJson),
      driftPolicy: sync.driftPolicy,
      runId,
      lockWaitMs: execution.lockWaitMs,
      onProgress: ({ rowsCopied }) => progress.report(rowsCopied),
      onPhase: (event) => phases.enter(event),
      onWait: (detail) => {
        if (detail) logger.info('Run waiting', { runId, detail });
        store
          .em()
          .nativeUpdate(SyncRun, { id: runId, status: 'running' }, { statusDetail: detail })
          .catch((error: unknown) => logger.warn('Could not record what a run waits for', { runId, error }));
      },
      signal,
    });
    await progress.stop();
    const steps = await phases.finish();
    const finishedAt = new Date();
    logger.info('Run succeeded', {
      runId,
      syncId,
      rows: result.rowsWritten,
      ms: finishedAt.getTime() - startedAt.getTime(),
    });
    return {
      fields: {
        status: 'success',
        statusDetail: null,
        ...steps,
        rowsCopied: result.rowsWritten,
        rowsRead: result.rowsRead,
        rowCount: result.rowsWritten,
        rowsInserted: result.rowsInserted,
        rowsUpdated: result.rowsUpdated,
        rowsDeleted: result.rowsDeleted,
        finishedAt,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        warningsJson: result.warnings.length > 0 ? JSON.stringify(result.warnings) : null,
        valueWarningsJson: result.valueWarnings.length > 0 ? JSON.stringify(result.valueWarnings) : null,
        schemaChangesJson: schemaChangesJson(result.schemaChanges),
      },
      ...(result.watermark !== undefined
        ? { watermarkJson: result.watermark ? JSON.stringify(result.watermark) : null }
        : {}),
    };
  } catch (error) {
    await progress.stop();
    // A failed run wrote nothing the destination keeps: what the progress counted was read, not landed.
    const steps = { ...(await phases.finish()), rowsCopied: 0, rowsRead: reachedEngine ? progress.latest : null };
    const { code, message } = describeFailure(error, signal);
    if (code === 'INTERNAL') logger.error('Run failed unexpectedly', { runId, syncId, error });
    else logger.warn('Run failed', { runId, syncId, code, message });
    const finishedAt = new Date();
    const timing = { ...steps, finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() };
    if (reachedEngine && sync && !BEFORE_WRITE_CODES.has(code)) {
      // The failure may have come after the commit (an abort or a lost connection while the
      // engine closed up): the destination's run marker says whether the rows landed.
      const settled = await settleRun(execution, runId, true, sync, 'failure', { code, message });
      // The marker says the rows landed after all: keep the settled count, not the failure's 0.
      return {
        fields:
          settled.status === 'success'
            ? { ...timing, rowsCopied: progress.latest, rowsRead: progress.latest, ...settled }
            : { ...settled, ...timing },
      };
    }
    return {
      fields: {
        status: 'failed',
        ...timing,
        statusDetail: null,
        errorCode: code,
        errorMessage: message,
        // Refused for drift under policy `fail`: the run page shows what changed, not only the message.
        schemaChangesJson: isEngineError(error) ? schemaChangesJson(error.schemaChanges) : null,
      },
    };
  }
}

/** The engine's drift list as the run record keeps it; `null` when nothing drifted. */
function schemaChangesJson(changes: SchemaChange[]): string | null {
  return changes.length > 0 ? JSON.stringify(changes) : null;
}

/** The outcome of a run whose end was not seen (or may have come after the commit), by its destination's run marker. */
export function settleRun(
  execution: Pick<RunExecution, 'store' | 'engine' | 'connectTimeoutMs' | 'logger'>,
  runId: string,
  started: boolean,
  sync: Sync,
  when: 'recovery' | 'failure',
  failure?: { code: string; message: string },
): Promise<RunFields> {
  let destination: ConnectionConfig | null = null;
  try {
    destination = toEngineConfig(sync.destinationConnection, execution.store.secrets, execution.connectTimeoutMs);
  } catch {
    // An unreadable password: the marker cannot be read; settle says "unknown".
  }
  const table: TableRef = { schema: sync.destinationSchema, table: sync.destinationTable };
  return settleUnrecordedRun({
    runId,
    started,
    when,
    failure,
    readMarker: destination
      ? () => readMarker(execution, runId, sync, destination, table)
      : () => Promise.reject(new Error('the destination password cannot be decrypted')),
    table,
  });
}

/** What a failed run records: the abort reason, the engine's code and message, ours, or a generic one. */
function describeFailure(error: unknown, signal: AbortSignal): { code: string; message: string } {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof RunnerError) return { code: reason.code, message: reason.message };
  }
  if (isEngineError(error) || error instanceof RunnerError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: GENERIC_INTERNAL_MESSAGE };
}

/**
 * The marker naming `runId`, if either kind does: the run-state row of the append and merge
 * modes (whose watermark then becomes the sync's, since those rows are in), else the table
 * comment of a full refresh.
 */
async function readMarker(
  execution: Pick<RunExecution, 'store' | 'engine' | 'logger'>,
  runId: string,
  sync: Sync,
  destination: ConnectionConfig,
  table: TableRef,
): Promise<string | null> {
  const state = (await execution.engine.readRunState?.(destination, table)) ?? null;
  if (state?.runId === runId) {
    if (state.watermark) {
      await execution.store
        .em()
        .nativeUpdate(Sync, { id: sync.id }, { watermarkJson: JSON.stringify(state.watermark) })
        .catch((error: unknown) =>
          execution.logger.warn('Could not save the watermark a settled run committed', { runId, error }),
        );
    }
    return runId;
  }
  return execution.engine.readRunMarker(destination, table);
}

/** A JSON column of the store, parsed; `null` stays `null`. */
function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
