import type { Logger } from '@pipecraft/logger';
import type { Actor, AuditOrigin } from './auth/actor.js';
import type { ApiDeps } from './deps.js';
import type { Credentials } from './services/auth-service.js';

/** Writes the session cookie; the HTTP host provides it, in-process callers have none. */
export interface SessionCookie {
  set(secret: string, expiresAt: Date): void;
  clear(): void;
}

/** What the host tells the API about a request. */
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  credentials: Credentials;
  sessionCookie: SessionCookie | null;
}

/** What every procedure sees. */
export interface Context {
  services: ApiDeps['services'];
  logger: Logger;
  /** The signed-in user or token, resolved once per request; null when anonymous. */
  actor: Actor | null;
  request: RequestInfo;
}

/**
 * The per-request context: resolves the caller from the session cookie or bearer token. The
 * Express adapter passes what it read from the request; `createCaller` users pass a token (or
 * nothing, and get an anonymous caller).
 */
export async function createContext(deps: ApiDeps, request: Partial<RequestInfo> = {}): Promise<Context> {
  const info: RequestInfo = {
    ip: request.ip ?? null,
    userAgent: request.userAgent ?? null,
    credentials: request.credentials ?? { sessionSecret: null, bearerToken: null },
    sessionCookie: request.sessionCookie ?? null,
  };
  const actor = await deps.services.auth.resolve(info.credentials);
  return { services: deps.services, logger: deps.logger, actor, request: info };
}

/** Who and where, for the audit log. */
export function originOf(ctx: Context): AuditOrigin {
  return { actor: ctx.actor, ip: ctx.request.ip };
}
