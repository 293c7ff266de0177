import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import type { Logger } from '@pipecraft/logger';
import { GENERIC_INTERNAL_MESSAGE, isRunnerError, type RunnerError, type RunnerErrorCode } from '@pipecraft/runner';
import { isEngineError, type EngineError, type EngineErrorCode } from '@pipecraft/sync-engine';

/** Stable, machine-readable codes a client may branch on (`error.data.appCode`). */
export type AppErrorCode =
  | EngineErrorCode
  | RunnerErrorCode
  | 'NAME_TAKEN'
  | 'NOT_A_SOURCE'
  | 'NOT_A_DESTINATION'
  | 'SAME_TABLE'
  | 'DESTINATION_TAKEN'
  | 'CONNECTION_IN_USE'
  | 'RUN_ALREADY_ACTIVE'
  | 'NOT_FOUND'
  | 'SECRET_UNREADABLE'
  | 'TARGET_NOT_ALLOWED'
  | 'SHUTTING_DOWN'
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'SETUP_REQUIRED'
  | 'SETUP_DONE'
  | 'SIGN_IN_FAILED'
  | 'RATE_LIMITED'
  | 'EMAIL_TAKEN'
  | 'INTERNAL';

/** Field name → messages, for forms that show errors beside their inputs. */
export type FieldErrors = Record<string, string[]>;

/** An error the API raises on purpose; the message is written for people. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors: FieldErrors | null;

  constructor(code: AppErrorCode, message: string, options?: { fieldErrors?: FieldErrors; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = options?.fieldErrors ?? null;
  }
}

/**
 * The one mapping from domain and engine codes to tRPC (HTTP) codes.
 * Problems with the user's own databases are "bad gateway": PipeCraft is fine, the database behind it is not.
 */
const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  CONNECTION_REFUSED: 'BAD_GATEWAY',
  CONNECTION_TIMEOUT: 'GATEWAY_TIMEOUT',
  AUTH_FAILED: 'BAD_GATEWAY',
  INSECURE_AUTH: 'BAD_GATEWAY',
  TLS_FAILED: 'BAD_GATEWAY',
  SSH_FAILED: 'BAD_GATEWAY',
  DATABASE_NOT_FOUND: 'BAD_GATEWAY',
  HOST_NOT_FOUND: 'BAD_GATEWAY',
  SCHEMA_NOT_FOUND: 'NOT_FOUND',
  TABLE_NOT_FOUND: 'NOT_FOUND',
  TYPE_UNSUPPORTED: 'UNPROCESSABLE_CONTENT',
  DESTINATION_MISMATCH: 'UNPROCESSABLE_CONTENT',
  ROW_REJECTED: 'UNPROCESSABLE_CONTENT',
  ROW_COUNT_MISMATCH: 'INTERNAL_SERVER_ERROR',
  SYNC_OPTIONS_INVALID: 'UNPROCESSABLE_CONTENT',
  ABORTED: 'CLIENT_CLOSED_REQUEST',
  LOCK_TIMEOUT: 'TIMEOUT',
  CONNECTION_LOST: 'BAD_GATEWAY',
  DEADLOCK: 'CONFLICT',
  PERMISSION_DENIED: 'BAD_GATEWAY',
  ENGINE_ERROR: 'INTERNAL_SERVER_ERROR',
  NAME_TAKEN: 'CONFLICT',
  NOT_A_SOURCE: 'BAD_REQUEST',
  NOT_A_DESTINATION: 'BAD_REQUEST',
  SAME_TABLE: 'BAD_REQUEST',
  DESTINATION_TAKEN: 'CONFLICT',
  CONNECTION_IN_USE: 'PRECONDITION_FAILED',
  RUN_ALREADY_ACTIVE: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  SECRET_UNREADABLE: 'INTERNAL_SERVER_ERROR',
  TARGET_NOT_ALLOWED: 'FORBIDDEN',
  SHUTTING_DOWN: 'SERVICE_UNAVAILABLE',
  INTERRUPTED: 'SERVICE_UNAVAILABLE',
  CANCELLED: 'CLIENT_CLOSED_REQUEST',
  OUTCOME_UNKNOWN: 'INTERNAL_SERVER_ERROR',
  QUEUE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  VALIDATION_FAILED: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  SETUP_REQUIRED: 'UNAUTHORIZED',
  SETUP_DONE: 'CONFLICT',
  SIGN_IN_FAILED: 'UNAUTHORIZED',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  EMAIL_TAKEN: 'CONFLICT',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

export { GENERIC_INTERNAL_MESSAGE };

/** An error raised on purpose, by us, the runner or the engine: its code and message are for the user. */
export function isDomainError(error: unknown): error is AppError | RunnerError | EngineError {
  return error instanceof AppError || isRunnerError(error) || isEngineError(error);
}

/** The domain code of an error, as a client sees it in `data.appCode`. */
export function appCodeOf(error: TRPCError): string {
  const cause = error.cause;
  if (isDomainError(cause)) return cause.code;
  if (cause instanceof ZodError) return 'VALIDATION_FAILED';
  if (error.code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL';
  return error.code;
}

/** Per-field messages (`data.fieldErrors`), or null when the error is not about fields. */
export function fieldErrorsOf(error: TRPCError): FieldErrors | null {
  const cause = error.cause;
  if (cause instanceof AppError) return cause.fieldErrors;
  if (cause instanceof ZodError) return zodFieldErrors(cause);
  return null;
}

/** The message a client may show: ours, the engine's, a readable validation summary, or the generic one. */
export function publicMessageOf(error: TRPCError): string {
  const cause = error.cause;
  if (isDomainError(cause)) return cause.message;
  if (cause instanceof ZodError) return validationMessage(cause);
  if (error.code === 'INTERNAL_SERVER_ERROR') return GENERIC_INTERNAL_MESSAGE;
  return error.message;
}

/**
 * Turns whatever a procedure threw into the TRPCError the client gets: domain and engine codes
 * through the table above, validation into field errors, and anything unexpected into a generic
 * INTERNAL_SERVER_ERROR that is logged (redacted) here and never shown.
 */
export function toTRPCError(error: TRPCError, logger: Logger, path: string): TRPCError {
  const cause = error.cause;
  if (isDomainError(cause)) {
    return new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  if (cause instanceof ZodError) {
    return new TRPCError({ code: 'BAD_REQUEST', message: validationMessage(cause), cause });
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    logger.error('Unexpected error in a procedure', { path, error: cause ?? error });
    return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: GENERIC_INTERNAL_MESSAGE, cause: error });
  }
  return error;
}

function zodFieldErrors(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_form';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

function validationMessage(error: ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The input is not valid.';
  const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  const text = /[.!?]$/.test(first.message) ? first.message.slice(0, -1) : first.message;
  return `The input is not valid — ${where}${text}${more}.`;
}
