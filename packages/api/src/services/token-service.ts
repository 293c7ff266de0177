import { ApiToken, User, type Store } from '@pipecraft/store';
import type { AuditOrigin } from '../auth/actor.js';
import { diffOf } from '../auth/changes.js';
import { hashSecret, newSecret } from '../auth/secret-token.js';
import { AppError } from '../errors.js';
import type { CreateTokenOutput, TokenDto } from '../schemas/auth.js';
import type { AuditService } from './audit-service.js';

function toTokenDto(token: ApiToken): TokenDto {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    role: token.role,
    ownerEmail: token.owner.email,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
    revokedAt: token.revokedAt,
  };
}

const DAY_MS = 86_400_000;

/** API tokens: created (shown once), listed without their secret, revoked. */
export class TokenService {
  readonly #deps: { store: Store; audit: AuditService };

  constructor(deps: { store: Store; audit: AuditService }) {
    this.#deps = deps;
  }

  async list(): Promise<TokenDto[]> {
    const rows = await this.#deps.store
      .em()
      .find(ApiToken, {}, { orderBy: { createdAt: 'desc', id: 'asc' }, populate: ['owner'] });
    return rows.map(toTokenDto);
  }

  /** The token acts as the creating user, capped at `role`. */
  async create(
    input: { name: string; role: ApiToken['role']; expiresInDays: number | null },
    origin: AuditOrigin,
  ): Promise<CreateTokenOutput> {
    if (!origin.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to create a token.');
    const em = this.#deps.store.em();
    const owner = await em.findOneOrFail(User, origin.actor.userId);
    const secret = newSecret('pct');
    const token = em.create(ApiToken, {
      name: input.name,
      tokenHash: hashSecret(secret),
      prefix: secret.slice(0, 8),
      owner,
      role: input.role,
      expiresAt: input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * DAY_MS),
    });
    const info = toTokenDto(token);
    this.#deps.audit.record(em, origin, {
      action: 'token.create',
      target: { type: 'token', id: token.id },
      changes: diffOf(null, { name: info.name, role: info.role, expiresAt: info.expiresAt }),
    });
    await em.flush();
    return { token: secret, info };
  }

  async revoke(id: string, origin: AuditOrigin): Promise<TokenDto> {
    const em = this.#deps.store.em();
    const token = await em.findOne(ApiToken, id, { populate: ['owner'] });
    if (!token) throw new AppError('NOT_FOUND', 'This token does not exist.');
    if (!token.revokedAt) {
      token.revokedAt = new Date();
      this.#deps.audit.record(em, origin, {
        action: 'token.revoke',
        target: { type: 'token', id: token.id },
        changes: diffOf({ revokedAt: null }, { revokedAt: token.revokedAt }),
      });
      await em.flush();
    }
    return toTokenDto(token);
  }
}
