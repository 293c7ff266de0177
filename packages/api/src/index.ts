/**
 * @pipecraft/api — the tRPC router and what a host needs to serve it.
 * Clients (apps/web, packages/client) import from here with `import type` only.
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.js';

export { appRouter, createCaller, type AppRouter } from './root.js';
export { createContext, type Context } from './context.js';
export { createApiDeps, type ApiDeps, type ApiDepsOptions } from './deps.js';
export { createLogger, redact, silentLogger, LOG_LEVELS, type Logger, type LogLevel, type LogFields } from './logger.js';
export { AppError, appCodeOf, fieldErrorsOf, GENERIC_INTERNAL_MESSAGE, type AppErrorCode, type FieldErrors } from './errors.js';
export type { SyncEnginePort } from './services/engine-port.js';
export type { ConnectionDto, ConnectionTestOutput } from './schemas/connection.js';
export type { TableDto, ColumnDto } from './schemas/discovery.js';
export type { SyncDto, SyncPlanDto } from './schemas/sync.js';
export type { RunDto, RunPage } from './schemas/run.js';
export type { DialectInfoDto, WriteModeInfoDto } from './schemas/meta.js';

/** Inputs of every procedure, e.g. `RouterInputs['connections']['create']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `RouterOutputs['syncs']['list'][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** The shape of `error.data` on every error a client receives. */
export interface AppErrorData {
  code: string;
  httpStatus: number;
  path?: string;
  /** The domain code, e.g. `NAME_TAKEN`, `AUTH_FAILED`, `VALIDATION_FAILED`, `INTERNAL`. */
  appCode: string;
  /** Messages per input field, or null. */
  fieldErrors: Record<string, string[]> | null;
}
