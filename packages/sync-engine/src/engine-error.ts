import type { EngineErrorCode } from './contract.js';

/**
 * The one error type the engine throws on purpose. `message` is written for the user
 * (no stack, no connection string, no password); `cause` keeps the driver error for logs.
 */
export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.code = code;
  }
}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof EngineError;
}
