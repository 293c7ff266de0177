import type { TableRef } from '@pipecraft/sync-engine';
import { errorText } from './error-text.js';

/** The store columns a run's outcome sets. */
export interface RunFields {
  status: 'success' | 'failed' | 'cancelled';
  finishedAt: Date;
  durationMs?: number | null;
  rowsCopied?: number;
  rowsRead?: number | null;
  phase?: null;
  phasesJson?: string | null;
  rowEstimate?: number | null;
  rowCount?: number | null;
  rowsInserted?: number | null;
  rowsUpdated?: number | null;
  rowsDeleted?: number | null;
  errorCode?: string | null;
  statusDetail?: string | null;
  errorMessage?: string | null;
  warningsJson?: string | null;
  /** JSON of the engine's structured `ValueWarning`s; `null` when none. */
  valueWarningsJson?: string | null;
  /** JSON of the engine's `SchemaChange`s (drift and what the policy did); `null` when none. */
  schemaChangesJson?: string | null;
}

export interface UnrecordedRun {
  runId: string;
  /** The run reached the engine (status `running`): the destination may have its rows. */
  started: boolean;
  /** `recovery`: a previous process left it active; `failure`: this process saw it fail. */
  when: 'recovery' | 'failure';
  /** The failure this process saw, kept when the destination confirms it. */
  failure?: { code: string; message: string } | undefined;
  /** The destination table's run marker (throws when the destination is unreachable). */
  readMarker(): Promise<string | null>;
  table: TableRef;
}

/**
 * The outcome of a run whose end was not seen or may have come after the commit, decided by the
 * destination's run marker instead of a guess: the marker names the run → its rows landed;
 * another run or none → the destination kept its previous rows; unreadable → unknown, said so.
 */
export async function settleUnrecordedRun(run: UnrecordedRun): Promise<RunFields> {
  return { statusDetail: null, ...(await decide(run)) };
}

async function decide(run: UnrecordedRun): Promise<RunFields> {
  const finishedAt = new Date();
  const where = `${run.table.schema}.${run.table.table}`;
  if (!run.started) {
    return {
      status: 'failed',
      finishedAt,
      errorCode: run.failure?.code ?? 'INTERRUPTED',
      errorMessage:
        run.failure?.message ?? 'PipeCraft stopped before this run started; the destination was not touched.',
    };
  }
  let marker: string | null;
  try {
    marker = await run.readMarker();
  } catch (error) {
    if (run.failure) {
      return {
        status: 'failed',
        finishedAt,
        errorCode: run.failure.code,
        errorMessage: `${run.failure.message} (PipeCraft could not read ${where} afterwards to confirm which rows it holds: ${errorText(error)})`,
      };
    }
    return {
      status: 'failed',
      finishedAt,
      errorCode: 'OUTCOME_UNKNOWN',
      errorMessage: `PipeCraft stopped while this run was active, and at the next start it could not reach the destination to check ${where} (${errorText(error)}). Whether the new rows landed is unknown; run the sync again.`,
    };
  }
  if (marker === run.runId) {
    const note =
      run.when === 'recovery'
        ? `PipeCraft stopped before it recorded this run; at the next start ${where} held the rows of run ${run.runId}, so the run succeeded.`
        : `The run reported "${run.failure?.message ?? 'an error'}" after its rows were committed; ${where} holds the rows of run ${run.runId}, so the run succeeded.`;
    return { status: 'success', finishedAt, errorCode: null, errorMessage: null, warningsJson: JSON.stringify([note]) };
  }
  const holds = marker ? `it holds the rows of run ${marker}` : 'it holds no rows of this run';
  if (run.failure)
    return { status: 'failed', finishedAt, errorCode: run.failure.code, errorMessage: run.failure.message };
  return {
    status: 'failed',
    finishedAt,
    errorCode: 'INTERRUPTED',
    errorMessage: `PipeCraft stopped while this run was active; checked at the next start, ${where} kept its previous rows (${holds}).`,
  };
}
