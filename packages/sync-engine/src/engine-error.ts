import type { EngineErrorCode, SchemaChange } from './contract.js';

/**
 * The one error type the engine throws on purpose. `message` is written for the user
 * (no stack, no connection string, no password); `cause` keeps the driver error for logs.
 */
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  /**
   * DESTINATION_MISMATCH because the source's columns drifted: what changed (each with the action
   * `run_failed`), so a failed run records the diff too. Empty otherwise.
   */
  readonly schemaChanges: SchemaChange[];

  constructor(
    code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown; schemaChanges?: SchemaChange[] | undefined },
  ) {
    super(message, options);
    this.name = 'EngineError';
    this.code = code;
    this.schemaChanges = options?.schemaChanges ?? [];
  }
}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof EngineError;
}
