import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { User } from './user.js';

/** A signed-in browser. The cookie holds a random secret; only its SHA-256 is stored, as the id. */
export class Session {
  /** Properties with defaults, optional in `em.create()`. */
  declare [OptionalProps]?: 'createdAt' | 'lastSeenAt' | 'revokedAt' | 'ip' | 'userAgent';
  /** Hex SHA-256 of the cookie's secret: a stolen store yields no usable cookie. */
  id!: string;
  user!: User;
  expiresAt!: Date;
  createdAt: Date = new Date();
  lastSeenAt: Date = new Date();
  /** Set by sign-out, "sign out everywhere", or disabling the user. */
  revokedAt: Date | null = null;
  ip: string | null = null;
  userAgent: string | null = null;
}

export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'pc_sessions',
  indexes: [{ name: 'pc_sessions_user_idx', properties: ['user'] }],
  properties: {
    id: { type: 'string', length: 64, primary: true },
    user: { kind: 'm:1', entity: () => User, fieldName: 'user_id' },
    expiresAt: { type: 'datetime', length: 3 },
    createdAt: { type: 'datetime', length: 3 },
    lastSeenAt: { type: 'datetime', length: 3 },
    revokedAt: { type: 'datetime', length: 3, nullable: true },
    ip: { type: 'string', length: 64, nullable: true },
    userAgent: { type: 'string', length: 255, nullable: true },
  },
});
