import type { SyncResult, TableRef } from './contract.js';
import type { RunPhase } from './run-phases.js';
import type { DialectSession } from './dialect.js';
import { getDialect } from './dialects/index.js';
import { EngineError, isEngineError } from './engine-error.js';
import { prepareSync } from './plan-sync.js';
import type { SyncRequest } from './sync-request.js';
import type { TransferOutcome } from './transfer.js';
import { progressReporter, transfer } from './transfer.js';
import { getWriteMode } from './write-modes/index.js';
import { DEFAULT_LOCK_WAIT_MS } from './lock-wait.js';
import { tableIdentity } from './server-identity.js';

/**
 * Run one sync: connect both ends, plan, lock the destination table, hand over to the write mode
 * (`write-modes/`), and report. Cancelling through `signal` drops both connections at once.
 */
export async function runSync(request: SyncRequest): Promise<SyncResult> {
  const writeMode = getWriteMode(request.writeMode);
  const signal = request.signal;
  if (signal?.aborted) throw new EngineError('ABORTED', 'The run was cancelled before it started.');

  const sessions: DialectSession[] = [];
  let aborted = false;
  const onAbort = () => {
    aborted = true;
    // Dropping the sockets stops reads and writes at once; the destination's server rolls back.
    for (const session of sessions) session.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let success = false;
  const enterPhase = phaseNotifier(request);
  try {
    enterPhase('connect');
    const source = await getDialect(request.source.connection.dialect).connect(request.source.connection);
    sessions.push(source);
    const destination = await getDialect(request.destination.connection.dialect).connect(
      request.destination.connection,
    );
    sessions.push(destination);
    if (aborted) throw new EngineError('ABORTED', 'The run was cancelled.');
    enterPhase('plan');
    await refuseSameTable(source, destination, request);

    const prepared = await prepareSync(source, destination, request);
    if (prepared.plan.mismatches.length > 0) {
      const list = prepared.plan.mismatches.map((mismatch) => `"${mismatch.column}" (${mismatch.problem})`).join(', ');
      throw new EngineError(
        'DESTINATION_MISMATCH',
        `The destination table ${request.destination.table.schema}.${request.destination.table.table} does not match the source: ${list}. Nothing was changed.`,
      );
    }
    // Only when planned: a user without CREATE rights still runs into an existing schema.
    if (prepared.plan.createSchemaDdl !== null) await destination.execute(prepared.plan.createSchemaDdl);
    const live = request.destination.table;
    const progress = progressReporter(request.onProgress);
    const sourceRowEstimate = request.onPhase ? await rowEstimateOf(source, request.source.table) : null;
    enterPhase('lock');
    const release = await destination.lockTable(live);
    let outcome: TransferOutcome;
    try {
      outcome = await writeMode.write({
        source,
        destination,
        live,
        prepared,
        runId: request.runId,
        lockWait: { waitMs: request.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, onWait: request.onWait, signal },
        enterPhase: (phase) => enterPhase(phase, phase === 'copy' ? sourceRowEstimate : undefined),
        transfer: (target) => transfer(source, destination, prepared, request.source.table, target, progress.report),
        reconnectDestination: () => destination.dialect.connect(request.destination.connection),
      });
    } finally {
      await release();
    }
    progress.flush(outcome.rowsWritten);
    success = true;
    await Promise.all(sessions.map((session) => session.close()));
    return {
      rowsRead: outcome.rowsRead,
      rowsWritten: outcome.rowsWritten,
      createdTable: !prepared.plan.destinationExists,
      warnings: prepared.warnings.list(),
      valueWarnings: prepared.warnings.entries(),
      method: outcome.method,
    };
  } catch (error) {
    if (aborted)
      throw new EngineError('ABORTED', 'The run was cancelled; the destination keeps its previous rows.', {
        cause: error,
      });
    if (isEngineError(error)) throw error;
    throw new EngineError('ENGINE_ERROR', error instanceof Error ? error.message : String(error), { cause: error });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!success) for (const session of sessions) session.destroy();
  }
}

/** `onPhase`, or nothing; a throwing callback is the caller's bug and must not fail the run. */
function phaseNotifier(request: SyncRequest): (phase: RunPhase, sourceRowEstimate?: number | null) => void {
  return (phase, sourceRowEstimate) => {
    try {
      request.onPhase?.(sourceRowEstimate === undefined ? { phase } : { phase, sourceRowEstimate });
    } catch {
      // ignored: see above
    }
  };
}

/**
 * The source's statistics-based row count (for a progress percentage), `null` when it has none
 * or the catalog query fails: an estimate is never worth failing a run.
 */
async function rowEstimateOf(source: DialectSession, table: TableRef): Promise<number | null> {
  try {
    return await source.rowEstimate(table);
  } catch {
    return null;
  }
}

/**
 * A full refresh would empty the very table it reads: refuse when the destination is the source,
 * judged by who the servers say they are (two connections may reach one server by different
 * names) and by the names as the server stores them (PostgreSQL truncates to 63 bytes).
 */
async function refuseSameTable(source: DialectSession, destination: DialectSession, request: SyncRequest) {
  if (source.dialect.name !== destination.dialect.name) return;
  const [from, to] = await Promise.all([source.serverIdentity(), destination.serverIdentity()]);
  if (tableIdentity(from, request.source.table) === tableIdentity(to, request.destination.table)) {
    throw new EngineError('DESTINATION_MISMATCH', 'The source and the destination are the same table.');
  }
}
