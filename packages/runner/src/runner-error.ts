/** Stable codes the runner raises or records; the API maps the raised ones to tRPC codes in its one table. */
export type RunnerErrorCode =
  /** The sync (or run) does not exist. */
  | 'NOT_FOUND'
  /** A run of the same sync is pending or running. */
  | 'RUN_ALREADY_ACTIVE'
  /** The runner is stopping and takes no new runs. */
  | 'SHUTTING_DOWN'
  /** A connection's stored password cannot be decrypted (the secret key changed). */
  | 'SECRET_UNREADABLE'
  /** Recorded on a run that a stop or a crash interrupted. */
  | 'INTERRUPTED'
  /** Recorded on a run that `cancel()` aborted. */
  | 'CANCELLED'
  /** Recorded on a run a stop interrupted when the destination could not be checked afterwards. */
  | 'OUTCOME_UNKNOWN'
  /** Distributed mode: the run queue cannot be reached, so a run cannot be handed to a worker. */
  | 'QUEUE_UNAVAILABLE';

/** An error the runner raises on purpose; the message is written for people. */
export class RunnerError extends Error {
  readonly code: RunnerErrorCode;

  constructor(code: RunnerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'RunnerError';
    this.code = code;
  }
}

export function isRunnerError(error: unknown): error is RunnerError {
  return error instanceof RunnerError;
}

/** What users see for anything nobody raised on purpose (the details go to the server log). */
export const GENERIC_INTERNAL_MESSAGE =
  'Something went wrong inside PipeCraft. The details were written to the server log.';
