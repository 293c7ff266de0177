/**
 * @pipecraft/api — the tRPC router and what a host needs to serve it.
 * Clients (apps/web, packages/client) import from here with `import type` only.
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.js';

export { appRouter, createCaller, type AppRouter } from './root.js';
export { createContext, type Context, type RequestInfo, type SessionCookie } from './context.js';
export { ACCESS, roleAllows, type Access } from './auth/access.js';
export type { Actor } from './auth/actor.js';
export type { Credentials } from './services/auth-service.js';
export { createOpenApiDocument, REST_BASE_PATH } from './rest/openapi-document.js';
export { callRestRoute, listRestRoutes, matchRestRoute, type RestRoute, type RestResult } from './rest/rest-routes.js';
export { restRoute, type ProcedureMeta } from './rest/rest-route.js';
export { createApiDeps, type ApiDeps, type ApiDepsOptions } from './deps.js';
export {
  AppError,
  appCodeOf,
  fieldErrorsOf,
  GENERIC_INTERNAL_MESSAGE,
  type AppErrorCode,
  type FieldErrors,
} from './errors.js';
export type { SyncEnginePort } from './services/engine-port.js';
export type { ConnectionDto, ConnectionTestOutput } from './schemas/connection.js';
export type { TableDto, ColumnDto } from './schemas/discovery.js';
export type { SyncDto, SyncPlanDto } from './schemas/sync.js';
export type { RunDto, RunPage } from './schemas/run.js';
export type { DialectInfoDto, WriteModeInfoDto } from './schemas/meta.js';
export type { UserDto, TokenDto, SessionUserDto, AuthStatusOutput } from './schemas/auth.js';
export type { AuditEventDto, AuditPage } from './schemas/audit.js';

/** Inputs of every procedure, e.g. `RouterInputs['connections']['create']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `RouterOutputs['syncs']['list'][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
