import type { SyncResult, TableRef } from './contract.js';
import type { RunPhase } from './run-phases.js';
import type { DialectSession } from './dialect.js';
import { getDialect } from './dialects/index.js';
import { EngineError, isEngineError } from './engine-error.js';
import { prepareSync } from './plan-sync.js';
import type { SyncRequest } from './sync-request.js';
import { progressReporter, transfer } from './transfer.js';
import { getWriteMode } from './write-modes/index.js';
import { resolveSyncOptions } from './write-modes/sync-options.js';
import { nullCursorWarning } from './write-modes/watermark-range.js';
import type { WriteResult } from './write-modes/write-mode.js';
import { DEFAULT_LOCK_WAIT_MS } from './lock-wait.js';
import { tableIdentity } from './server-identity.js';

/**
 * Run one sync: connect both ends, plan, lock the destination table, hand over to the write mode
 * (`write-modes/`), and report. Cancelling through `signal` stops both servers' statements and drops both connections at once.
 */
export async function runSync(request: SyncRequest): Promise<SyncResult> {
  let writeMode = getWriteMode(request.writeMode);
  const signal = request.signal;
  if (signal?.aborted) throw new EngineError('ABORTED', 'The run was cancelled before it started.');

  const sessions: DialectSession[] = [];
  let aborted = false;
  /** Server-side cancels in flight; the abort is reported once they are done. */
  const cancels: Promise<unknown>[] = [];
  const onAbort = () => {
    aborted = true;
    for (const session of sessions) {
      // Tell each server to stop its statement (one waiting for a lock would otherwise hold its
      // place in the queue), then drop the socket: reads and writes stop at once and the
      // destination's server rolls back.
      cancels.push(session.cancelStatement().catch(() => undefined));
      session.destroy();
    }
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let success = false;
  const enterPhase = phaseNotifier(request);
  try {
    enterPhase('connect');
    const [source, destination] = await connectBoth(request, sessions);
    if (aborted) throw new EngineError('ABORTED', 'The run was cancelled.');
    enterPhase('plan');
    await refuseSameTable(source, destination, request);

    const prepared = await prepareSync(source, destination, request);
    if (prepared.plan.mismatches.length > 0) {
      const list = prepared.plan.mismatches.map((mismatch) => `"${mismatch.column}" (${mismatch.problem})`).join(', ');
      throw new EngineError(
        'DESTINATION_MISMATCH',
        `The destination table ${request.destination.table.schema}.${request.destination.table.table} does not match the source: ${list}. Nothing was changed.`,
        { schemaChanges: prepared.schemaChanges },
      );
    }
    // Only when planned: a user without CREATE rights still runs into an existing schema.
    if (prepared.plan.createSchemaDdl !== null) await destination.execute(prepared.plan.createSchemaDdl);
    const options = resolveSyncOptions(request, prepared);
    // Drift under `recreate`: a full refresh into a table created anew (cursor modes still read in
    // (cursor, key) order from the start, so the watermark they save is exact).
    if (prepared.recreate) writeMode = getWriteMode('full_refresh');
    const live = request.destination.table;
    const progress = progressReporter(request.onProgress);
    const sourceRowEstimate = request.onPhase ? await rowEstimateOf(source, request.source.table) : null;
    enterPhase('lock');
    const release = await destination.lockTable(live);
    let outcome: WriteResult;
    try {
      // Drift under `add_columns`: new nullable columns first (DDL; they stay if the run then fails).
      for (const statement of prepared.driftDdl) await destination.execute(statement);
      outcome = await writeMode.write({
        source,
        destination,
        live,
        prepared,
        options,
        runId: request.runId,
        lockWait: { waitMs: request.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, onWait: request.onWait, signal },
        enterPhase: (phase) => enterPhase(phase, phase === 'copy' ? sourceRowEstimate : undefined),
        transfer: (target, range) =>
          transfer(source, destination, prepared, request.source.table, target, progress.report, range),
        reconnectDestination: () => destination.dialect.connect(request.destination.connection),
      });
    } finally {
      await release();
    }
    progress.flush(outcome.rowsWritten);
    success = true;
    await Promise.all(sessions.map((session) => session.close()));
    const nullCursors = options.cursor ? nullCursorWarning(options, outcome) : null;
    return {
      rowsRead: outcome.rowsRead,
      rowsWritten: outcome.rowsWritten,
      rowsInserted: outcome.rowsInserted,
      rowsUpdated: outcome.rowsUpdated,
      rowsDeleted: outcome.rowsDeleted,
      ...(outcome.watermark !== undefined ? { watermark: outcome.watermark } : {}),
      createdTable: !prepared.plan.destinationExists,
      warnings: [
        ...prepared.drift.map((change) => `Schema drift: ${change}.`),
        ...prepared.warnings.list(),
        ...(nullCursors ? [nullCursors] : []),
      ],
      valueWarnings: prepared.warnings.entries(),
      schemaChanges: prepared.schemaChanges,
      method: outcome.method,
    };
  } catch (error) {
    if (aborted) {
      await Promise.all(cancels);
      throw new EngineError('ABORTED', 'The run was cancelled; the destination keeps its previous rows.', {
        cause: error,
      });
    }
    if (isEngineError(error)) throw error;
    throw new EngineError('ENGINE_ERROR', error instanceof Error ? error.message : String(error), { cause: error });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!success) for (const session of sessions) session.destroy();
  }
}

/**
 * Open the source and the destination at once: a connect is a round trip or three (TLS, auth)
 * per server, and neither waits for the other. Each session joins `sessions` as soon as it is
 * open, so a cancel or a failure of the other one still destroys it; the source's error wins
 * when both fail, as when they opened one after the other.
 */
async function connectBoth(
  request: SyncRequest,
  sessions: DialectSession[],
): Promise<[DialectSession, DialectSession]> {
  const open = (config: SyncRequest['source']['connection']) =>
    getDialect(config.dialect)
      .connect(config)
      .then((session) => {
        sessions.push(session);
        return session;
      });
  const [source, destination] = await Promise.allSettled([
    open(request.source.connection),
    open(request.destination.connection),
  ]);
  if (source.status === 'rejected') throw source.reason;
  if (destination.status === 'rejected') throw destination.reason;
  return [source.value, destination.value];
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
  // Table names that differ as stored, even ignoring case, never name one table: no need to ask
  // the servers who they are (a round trip on each).
  const stored = (table: TableRef) => source.dialect.storedIdentifier(table.table).toLowerCase();
  if (stored(request.source.table) !== stored(request.destination.table)) return;
  const [from, to] = await Promise.all([source.serverIdentity(), destination.serverIdentity()]);
  if (tableIdentity(from, request.source.table) === tableIdentity(to, request.destination.table)) {
    throw new EngineError('DESTINATION_MISMATCH', 'The source and the destination are the same table.');
  }
}
