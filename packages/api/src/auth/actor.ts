import type { Role } from '@pipecraft/store';

/** Who is calling: a signed-in user (session cookie) or an API token acting for its owner. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  /** The effective role: the user's, capped by the token's scope when `via` is 'token'. */
  role: Role;
  via: 'session' | 'token';
  /** Hash of the session secret (`via: 'session'`). */
  sessionId?: string;
  /** The token's id and name (`via: 'token'`). */
  tokenId?: string;
  tokenName?: string;
}

/** What the audit log records about the origin of a change. */
export interface AuditOrigin {
  actor: Actor | null;
  ip: string | null;
}

/** For changes made outside a request (scripts, tests without a signed-in caller). */
export const SYSTEM_ORIGIN: AuditOrigin = { actor: null, ip: null };
