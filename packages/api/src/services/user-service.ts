import { isUniqueViolation, User, type Store } from '@pipecraft/store';
import type { AuditOrigin } from '../auth/actor.js';
import { diffOf } from '../auth/changes.js';
import { hashPassword } from '../auth/password-hash.js';
import { AppError } from '../errors.js';
import type { CreateUserInput, UpdateUserInput, UserDto } from '../schemas/auth.js';
import type { AuditService } from './audit-service.js';
import type { AuthService } from './auth-service.js';

/** Entity → DTO; the password hash never leaves. */
function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt,
  };
}

/** Users, for admins: list, create, change role or name, disable. Users are never deleted (the audit log names them). */
export class UserService {
  readonly #deps: { store: Store; audit: AuditService; auth: AuthService };

  constructor(deps: { store: Store; audit: AuditService; auth: AuthService }) {
    this.#deps = deps;
  }

  async list(): Promise<UserDto[]> {
    const users = await this.#deps.store.em().find(User, {}, { orderBy: { email: 'asc' } });
    return users.map(toUserDto);
  }

  async create(input: CreateUserInput, origin: AuditOrigin): Promise<UserDto> {
    const em = this.#deps.store.em();
    if (await em.findOne(User, { email: input.email })) throw emailTaken(input.email);
    const user = em.create(User, {
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
    const dto = toUserDto(user);
    this.#deps.audit.record(em, origin, {
      action: 'user.create',
      target: { type: 'user', id: user.id },
      changes: diffOf(null, dto),
    });
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken(input.email);
      throw error;
    }
    return dto;
  }

  async update(input: UpdateUserInput, origin: AuditOrigin): Promise<UserDto> {
    return this.#deps.store.em().transactional(async (em) => {
      const user = await em.findOne(User, input.id);
      if (!user) throw new AppError('NOT_FOUND', 'This user does not exist.');
      const demotesSelf = origin.actor?.userId === user.id && input.role !== undefined && input.role !== 'admin';
      if (demotesSelf || (origin.actor?.userId === user.id && input.disabled)) {
        throw new AppError('VALIDATION_FAILED', 'You cannot demote or disable yourself; ask another admin.', {
          fieldErrors: { [input.disabled ? 'disabled' : 'role']: ['You cannot demote or disable yourself.'] },
        });
      }
      const before = toUserDto(user);
      if (input.name !== undefined) user.name = input.name;
      if (input.role !== undefined) user.role = input.role;
      if (input.disabled !== undefined) user.disabled = input.disabled;
      if (input.password !== undefined) user.passwordHash = await hashPassword(input.password);
      user.updatedAt = new Date();
      const after = toUserDto(user);
      const changes = diffOf(before, after);
      if (input.password !== undefined) changes.password = { before: '(hidden)', after: '(changed)' };
      // A disabled user, or one whose password changed, is signed out everywhere.
      if (input.disabled || input.password !== undefined) await this.#deps.auth.revokeSessions(em, user.id);
      this.#deps.audit.record(em, origin, { action: 'user.update', target: { type: 'user', id: user.id }, changes });
      return after;
    });
  }
}

function emailTaken(email: string): AppError {
  const message = `A user with the email ${email} already exists.`;
  return new AppError('EMAIL_TAKEN', message, { fieldErrors: { email: [message] } });
}
