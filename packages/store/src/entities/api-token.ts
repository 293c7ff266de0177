import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { Role } from '../roles.js';
import { User } from './user.js';

/**
 * A bearer token for scripts and `@pipecraft/client`. Shown once; only its SHA-256 is stored.
 * It acts as its owner, capped at `role`.
 */
export class ApiToken {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'expiresAt';
  id: string = randomUUID();
  name!: string;
  /** Hex SHA-256 of the whole token. */
  tokenHash!: string;
  /** The first characters of the token (`pct_ab12…`), so people can tell tokens apart. */
  prefix!: string;
  owner!: User;
  role!: Role;
  /** `null` = never expires. */
  expiresAt: Date | null = null;
  createdAt: Date = new Date();
  lastUsedAt: Date | null = null;
  revokedAt: Date | null = null;
}

export const ApiTokenSchema = new EntitySchema<ApiToken>({
  class: ApiToken,
  tableName: 'pc_api_tokens',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    name: { type: 'string', length: 200 },
    tokenHash: { type: 'string', length: 64, unique: 'pc_api_tokens_hash_unique' },
    prefix: { type: 'string', length: 16 },
    owner: { kind: 'm:1', entity: () => User, fieldName: 'owner_id' },
    role: { type: 'string', length: 16 },
    expiresAt: { type: 'datetime', length: 3, nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    lastUsedAt: { type: 'datetime', length: 3, nullable: true },
    revokedAt: { type: 'datetime', length: 3, nullable: true },
  },
});
