import type { Logger } from '@pipecraft/logger';
import { ApiToken, isUniqueViolation, Session, User, type EntityManager, type Store } from '@pipecraft/store';
import { lowerRole } from '../auth/access.js';
import type { Actor, AuditOrigin } from '../auth/actor.js';
import { decoyHash, hashPassword, verifyPassword } from '../auth/password-hash.js';
import { hashSecret, newSecret } from '../auth/secret-token.js';
import type { SignInLimiter } from '../auth/sign-in-limiter.js';
import { AppError } from '../errors.js';
import type { AuthStatusOutput, SetupInput, SignInInput } from '../schemas/auth.js';
import type { AuditService } from './audit-service.js';

export interface AuthServiceDeps {
  store: Store;
  audit: AuditService;
  limiter: SignInLimiter;
  /** Failed sign-ins are logged (warn) as well as audited. */
  logger: Logger;
  /** How long a session lasts from sign-in, in ms. */
  sessionTtlMs: number;
}

/** A new session's secret (for the cookie) and when it ends. */
export interface NewSession {
  secret: string;
  expiresAt: Date;
}

/** What a request carries that may identify its caller. */
export interface Credentials {
  sessionSecret: string | null;
  bearerToken: string | null;
}

/** How often `lastSeenAt` / `lastUsedAt` are written at most: once a minute, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** First-run setup, sign-in and sign-out, and turning a cookie or bearer token into an Actor. */
export class AuthService {
  readonly #deps: AuthServiceDeps;
  /** Once a user exists one always will (users are disabled, never deleted), so this is cached. */
  #hasUsers = false;
  /** Serialises setup within this process, so two first visitors cannot both become admin. */
  #setupLock: Promise<unknown> = Promise.resolve();

  constructor(deps: AuthServiceDeps) {
    this.#deps = deps;
  }

  async setupRequired(): Promise<boolean> {
    if (this.#hasUsers) return false;
    this.#hasUsers = (await this.#deps.store.em().count(User, {})) > 0;
    return !this.#hasUsers;
  }

  async status(actor: Actor | null): Promise<AuthStatusOutput> {
    return {
      setupRequired: await this.setupRequired(),
      user: actor ? { id: actor.userId, email: actor.email, name: actor.name, role: actor.role, via: actor.via } : null,
    };
  }

  /** Creates the first admin and signs them in; refused once any user exists. */
  setup(input: SetupInput, origin: AuditOrigin, userAgent: string | null): Promise<NewSession> {
    const run = this.#setupLock.then(async () => {
      if (!(await this.setupRequired())) {
        throw new AppError('SETUP_DONE', 'PipeCraft is already set up; sign in instead.');
      }
      const em = this.#deps.store.em();
      const user = em.create(User, {
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
        role: 'admin',
      });
      const session = this.#newSession(em, user, origin.ip, userAgent);
      this.#deps.audit.record(
        em,
        origin,
        {
          action: 'auth.setup',
          target: { type: 'user', id: user.id },
          changes: { email: { before: null, after: user.email }, role: { before: null, after: 'admin' } },
        },
        user.email,
      );
      await em.flush();
      this.#hasUsers = true;
      return session;
    });
    this.#setupLock = run.catch(() => undefined);
    return run;
  }

  /** Rate-limited; every failure is logged in the audit log with the email as typed. */
  async signIn(input: SignInInput, origin: AuditOrigin, userAgent: string | null): Promise<NewSession> {
    const wait = this.#deps.limiter.retryAfter(input.email, origin.ip);
    if (wait > 0) {
      await this.#recordFailure(input.email, origin, 'rate_limited');
      throw new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} min.`);
    }
    const em = this.#deps.store.em();
    const user = await em.findOne(User, { email: input.email });
    // Unknown emails cost the same scrypt round, so timing does not reveal who has an account.
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash));
    if (!user || !ok || user.disabled) {
      this.#deps.limiter.fail(input.email, origin.ip);
      await this.#recordFailure(
        input.email,
        origin,
        !user ? 'unknown_email' : user.disabled ? 'disabled' : 'wrong_password',
        user?.id,
      );
      throw new AppError('SIGN_IN_FAILED', 'Wrong email or password.', {
        fieldErrors: { password: ['Wrong email or password.'] },
      });
    }
    this.#deps.limiter.succeed(input.email);
    const session = this.#newSession(em, user, origin.ip, userAgent);
    this.#deps.audit.record(em, origin, { action: 'auth.sign_in', target: { type: 'user', id: user.id } }, user.email);
    await em.flush();
    return session;
  }

  /** Revokes the caller's session (a token caller has none to revoke). */
  async signOut(actor: Actor, origin: AuditOrigin): Promise<void> {
    const em = this.#deps.store.em();
    if (actor.sessionId)
      await em.nativeUpdate(Session, { id: actor.sessionId, revokedAt: null }, { revokedAt: new Date() });
    this.#deps.audit.record(em, origin, { action: 'auth.sign_out', target: { type: 'user', id: actor.userId } });
    await em.flush();
  }

  /** Revokes every session of the caller's user, this one included. */
  async signOutEverywhere(actor: Actor, origin: AuditOrigin): Promise<{ revoked: number }> {
    return this.#deps.store.em().transactional(async (em) => {
      const revoked = await this.revokeSessions(em, actor.userId);
      this.#deps.audit.record(em, origin, {
        action: 'auth.sign_out_everywhere',
        target: { type: 'user', id: actor.userId },
        changes: { sessions: { before: revoked, after: 0 } },
      });
      return { revoked };
    });
  }

  /** Marks a user's live sessions revoked, in the caller's transaction; returns how many. */
  revokeSessions(em: EntityManager, userId: string): Promise<number> {
    return em.nativeUpdate(Session, { user: userId, revokedAt: null }, { revokedAt: new Date() });
  }

  /**
   * The caller behind a request, or null: a bearer token wins over a cookie. Expired, revoked and
   * disabled users' credentials are null, as if absent.
   */
  async resolve(credentials: Credentials): Promise<Actor | null> {
    if (credentials.bearerToken) return this.#resolveToken(credentials.bearerToken);
    if (credentials.sessionSecret) return this.#resolveSession(credentials.sessionSecret);
    return null;
  }

  async #resolveSession(secret: string): Promise<Actor | null> {
    const em = this.#deps.store.em();
    const id = hashSecret(secret);
    const session = await em.findOne(Session, id, { populate: ['user'] });
    const now = Date.now();
    if (!session || session.revokedAt || session.expiresAt.getTime() <= now || session.user.disabled) return null;
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await em.nativeUpdate(Session, { id }, { lastSeenAt: new Date(now) });
    }
    const { user } = session;
    return { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session', sessionId: id };
  }

  async #resolveToken(token: string): Promise<Actor | null> {
    const em = this.#deps.store.em();
    const row = await em.findOne(ApiToken, { tokenHash: hashSecret(token) }, { populate: ['owner'] });
    const now = Date.now();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now) || row.owner.disabled) return null;
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await em.nativeUpdate(ApiToken, { id: row.id }, { lastUsedAt: new Date(now) });
    }
    const { owner } = row;
    return {
      userId: owner.id,
      email: owner.email,
      name: owner.name,
      role: lowerRole(owner.role, row.role),
      via: 'token',
      tokenId: row.id,
      tokenName: row.name,
    };
  }

  #newSession(em: EntityManager, user: User, ip: string | null, userAgent: string | null): NewSession {
    const secret = newSecret('pcs');
    const expiresAt = new Date(Date.now() + this.#deps.sessionTtlMs);
    em.create(Session, { id: hashSecret(secret), user, expiresAt, ip, userAgent: userAgent?.slice(0, 255) ?? null });
    return { secret, expiresAt };
  }

  async #recordFailure(email: string, origin: AuditOrigin, reason: string, userId?: string): Promise<void> {
    this.#deps.logger.warn('Sign-in failed', { email, reason, ip: origin.ip });
    const em = this.#deps.store.em();
    this.#deps.audit.record(
      em,
      { actor: null, ip: origin.ip },
      {
        action: 'auth.sign_in_failed',
        target: userId ? { type: 'user', id: userId } : null,
        changes: { reason: { before: null, after: reason } },
      },
      email.slice(0, 320),
    );
    try {
      await em.flush();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
